import { describe, expect, it } from 'vitest';
import { parseMultipart } from './multipart';

describe('multipart/form-data parser', () => {
  it('parses what fetch FormData sends: text fields and binary files with CRLF and dashes inside', async () => {
    const bin = Buffer.from([0, 13, 10, 45, 45, 255, 13, 10, 13, 10, 1]);
    const fd = new FormData();
    fd.append('model', 'whisper-1');
    fd.append('prompt', '工伤 认定\r\n第二行');
    fd.append('file', new Blob([bin], { type: 'audio/wav' }), '录音.wav');
    const req = new Request('http://x/', { method: 'POST', body: fd });
    const body = Buffer.from(await req.arrayBuffer());
    const r = parseMultipart(body, req.headers.get('content-type')!);
    expect(r.fields).toEqual({ model: 'whisper-1', prompt: '工伤 认定\r\n第二行' });
    expect(r.files).toHaveLength(1);
    expect(r.files[0]).toMatchObject({ name: 'file', contentType: 'audio/wav' });
    expect(r.files[0].data.equals(bin)).toBe(true);
  });

  it('accepts a quoted boundary and rejects bodies without one', () => {
    const body = Buffer.from('--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b1--\r\n');
    expect(parseMultipart(body, 'multipart/form-data; boundary="b1"').fields).toEqual({ a: '1' });
    expect(() => parseMultipart(body, 'multipart/form-data')).toThrow(/boundary/);
    expect(() => parseMultipart(Buffer.from('--b1\r\nContent-Disposition: form-data; name="a"\r\n\r\n1'), 'multipart/form-data; boundary=b1')).toThrow(/not terminated/);
  });
});

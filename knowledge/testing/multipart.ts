// A small multipart/form-data parser (RFC 7578) for the fake OpenAI server: enough for the bodies
// fetch/undici FormData and the `openai` SDK send (text fields and file parts, any bytes).

export interface MultipartFile {
  name: string; // form field name, e.g. "file"
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface Multipart {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export function parseMultipart(body: Buffer, contentType: string): Multipart {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw Object.assign(new Error('multipart body without boundary'), { status: 400 });
  const boundary = Buffer.from(`--${(m[1] ?? m[2]).trim()}`);
  const fields: Record<string, string> = {};
  const files: MultipartFile[] = [];
  let pos = body.indexOf(boundary);
  if (pos < 0) throw new Error('multipart boundary not found in body');
  while (pos >= 0) {
    let start = pos + boundary.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // closing boundary
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(boundary, start);
    if (next < 0) throw new Error('multipart body not terminated');
    // The part ends with CRLF before the next boundary.
    const part = body.subarray(start, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new Error('multipart part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const data = part.subarray(headerEnd + 4);
    let name = '';
    let filename: string | undefined;
    let ctype = 'application/octet-stream';
    for (const h of headers) {
      const [k, ...rest] = h.split(':');
      const v = rest.join(':').trim();
      if (k.toLowerCase() === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(v)?.[1] ?? '';
        const fn = /\bfilename="([^"]*)"/i.exec(v);
        if (fn) filename = fn[1];
      } else if (k.toLowerCase() === 'content-type') ctype = v;
    }
    if (filename !== undefined) files.push({ name, filename, contentType: ctype, data: Buffer.from(data) });
    else fields[name] = data.toString('utf8');
    pos = next;
  }
  return { fields, files };
}

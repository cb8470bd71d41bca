import { describe, expect, it } from 'vitest';
import { docx, pdf } from '../testing/fixtures';
import { decodeText, docxLines, extractLines, htmlLines, mergeWrapped, pdfLines } from './extract';

describe('text extraction', () => {
  it('decodes UTF-8 (with BOM) and GB18030 text, rejects binary', () => {
    expect(decodeText(Buffer.from('\uFEFF第一条 内容', 'utf8'))).toBe('第一条 内容');
    const gbk = Buffer.from([0xb5, 0xda, 0xd2, 0xbb, 0xcc, 0xf5]); // 第一条 in GBK
    expect(decodeText(gbk)).toBe('第一条');
    expect(() => decodeText(Buffer.from([0x50, 0x00, 0x01]))).toThrow(/二进制/);
  });

  it('takes block elements of HTML as lines and the <title>', async () => {
    const r = await htmlLines(
      '<html><head><title>中华人民共和国测试法</title><style>p{}</style></head><body><h2>第一章 总则</h2><p>第一条　内容&nbsp;一。</p><div>第二条 内容<b>二</b>。<br>第二款。</div><script>x()</script></body></html>',
    );
    expect(r.title).toBe('中华人民共和国测试法');
    expect(r.lines).toEqual(['第一章 总则', '第一条 内容 一。', '第二条 内容二。', '第二款。']);
  });

  it('reads DOCX paragraphs (mammoth) and rejects a broken DOCX', async () => {
    const lines = await docxLines(docx(['中华人民共和国测试法', '第一条 甲。']));
    expect(lines.filter(Boolean)).toEqual(['中华人民共和国测试法', '第一条 甲。']);
    await expect(docxLines(Buffer.from('not a zip'))).rejects.toThrow(/不是有效的 DOCX/);
  });

  it('reads Chinese from a PDF with a ToUnicode CMap and re-joins wrapped lines', async () => {
    const b = pdf(['中华人民共和国测试法', '第一章 总则', '第一条 为了保护劳动者的合法权益，构建和发展和谐稳定的劳动关系，制定本法。', '第二条 用人单位应当按时足额支付工资。'], {
      wrapAt: 18,
    });
    expect(await pdfLines(b)).toEqual([
      '中华人民共和国测试法',
      '第一章 总则',
      '第一条 为了保护劳动者的合法权益，构建和发展和谐稳定的劳动关系，制定本法。',
      '第二条 用人单位应当按时足额支付工资。',
    ]);
    await expect(pdfLines(Buffer.from('%PDF-1.4 garbage'))).rejects.toThrow(/不是有效的 PDF/);
  });

  it('drops page numbers of PDF pages', async () => {
    const b = pdf(['第一条 为了保护劳动者的合法权益，', '- 1 -', '制定本法。', '第 2 页 共 3 页', '第二条 其他。']);
    expect(await pdfLines(b)).toEqual(['第一条 为了保护劳动者的合法权益，制定本法。', '第二条 其他。']);
  });

  it('keeps article, item and heading starts on their own line when merging', () => {
    expect(mergeWrapped(['第一条 有下列情形之一的', '，适用本法：', '（一）甲；', '（二）乙', '。', '第二章 分则'])).toEqual([
      '第一条 有下列情形之一的，适用本法：',
      '（一）甲；',
      '（二）乙。',
      '第二章 分则',
    ]);
  });

  it('refuses unknown extensions', async () => {
    await expect(extractLines(Buffer.from('x'), 'a.rtf')).rejects.toThrow(/不支持的文件格式/);
  });
});

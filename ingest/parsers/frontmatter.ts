// YAML front matter (`---` … `---` at the very top of a Markdown file).
import yaml from 'js-yaml';
import { ParseError } from './errors';

export function splitFrontMatter(text: string): { data: Record<string, unknown>; body: string; bodyLine: number } {
  const t = text.replace(/^\uFEFF/, '');
  if (!/^---\r?\n/.test(t)) return { data: {}, body: t, bodyLine: 0 };
  const end = t.slice(4).search(/^---[ \t]*$/m);
  if (end < 0) throw new ParseError('YAML 文件头（front matter）没有结束的 --- 行');
  const raw = t.slice(4, 4 + end);
  let data: unknown;
  try {
    data = yaml.load(raw, { schema: yaml.JSON_SCHEMA });
  } catch (e) {
    throw new ParseError(`YAML 文件头无法解析: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data != null && (typeof data !== 'object' || Array.isArray(data))) throw new ParseError('YAML 文件头必须是键值对');
  const rest = t.slice(4 + end).replace(/^---[ \t]*\r?\n?/, '');
  return { data: (data ?? {}) as Record<string, unknown>, body: rest, bodyLine: t.slice(0, t.length - rest.length).split('\n').length - 1 };
}

// Hot topics: jieba TF-IDF keywords per citizen question, counted over questions (how many
// questions mention the keyword), with question scaffolding (怎么办, 请问...) removed.
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict';
import { STOPWORDS } from '../../knowledge/search/stopwords';

let engine: { jieba: Jieba; tfidf: TfIdf } | null = null;
const POS = ['n', 'nr', 'ns', 'nt', 'nz', 'vn', 'v', 'l', 'i', 'an'];
const EXTRA_STOP = new Set(['怎么办', '办法', '问题', '情况', '时候', '事情', '东西', '现在', '请问', '这样', '处理', '需要', '应该', '是否', '一下', '告诉', '知道', '希望', '觉得']);

function getEngine() {
  engine ??= { jieba: Jieba.withDict(dict), tfidf: TfIdf.withDict(idf) };
  return engine;
}

export function topKeywords(texts: string[], limit = 20, perText = 5): { term: string; count: number }[] {
  const counts = new Map<string, number>();
  const { jieba, tfidf } = getEngine();
  for (const raw of texts) {
    const text = raw.replace(/\d{3,}[*＊]{2,}\d*|\d{5,}/g, ' ').slice(0, 500);
    if (!text.trim()) continue;
    const seen = new Set<string>();
    for (const k of tfidf.extractKeywords(jieba, text, perText + 3, POS)) {
      const w = k.keyword.trim();
      if (w.length < 2 || STOPWORDS.has(w) || EXTRA_STOP.has(w) || /^[\d\w.]+$/.test(w) || seen.has(w)) continue;
      seen.add(w);
      if (seen.size > perText) break;
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))
    .slice(0, limit)
    .map(([term, count]) => ({ term, count }));
}

// A deterministic, model-free text embedding for tests: character unigrams and bigrams hashed
// (FNV-1a) into `dim` buckets (counts), L2-normalised. Texts that share characters get a higher
// cosine, so ranking tests mean something; the same text always gives the same vector.

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function hashEmbedding(text: string, dim = 16): number[] {
  const v = new Array<number>(dim).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  const grams: string[] = [...chars];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
  for (const g of grams) {
    const h = fnv1a(g);
    v[h % dim] += 1;
  }
  const norm = Math.hypot(...v);
  if (norm === 0) {
    v[0] = 1;
    return v;
  }
  return v.map((x) => x / norm);
}

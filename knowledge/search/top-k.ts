// The k best of a list of keys by a score array: best first, ties by the smaller key, the same
// order as sorting the whole list with (score desc, key asc) but O(n log k) with a bounded heap.

/** Is (sa, ka) ranked below (sb, kb)? Lower score, or an equal score and a larger key. */
function below(sa: number, ka: number, sb: number, kb: number): boolean {
  return sa < sb || (sa === sb && ka > kb);
}

export function topKeys(keys: ArrayLike<number>, score: ArrayLike<number>, k: number): number[] {
  if (k <= 0) return [];
  const hk = new Int32Array(Math.min(k, keys.length)); // min-heap: the worst kept key at the root
  let size = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const s = score[key];
    if (size < hk.length) {
      let j = size++;
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (!below(s, key, score[hk[p]], hk[p])) break;
        hk[j] = hk[p];
        j = p;
      }
      hk[j] = key;
    } else if (below(score[hk[0]], hk[0], s, key)) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && below(score[hk[r]], hk[r], score[hk[l]], hk[l]) ? r : l;
        if (!below(score[hk[c]], hk[c], s, key)) break;
        hk[j] = hk[c];
        j = c;
      }
      hk[j] = key;
    }
  }
  return Array.from(hk.subarray(0, size)).sort((a, b) => score[b] - score[a] || a - b);
}

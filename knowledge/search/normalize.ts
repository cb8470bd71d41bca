// Stage 1a: text normalisation shared by indexing and querying, so both sides see the same
// characters: NFKC (full-width letters/digits/punctuation → half-width), lower case, and every
// run of whitespace collapsed to one space.

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True for a CJK ideograph (the characters char bigrams are built from). */
export function isHan(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** A token worth indexing: has at least one letter, digit or ideograph. */
export function isWordish(token: string): boolean {
  return /[\p{L}\p{N}]/u.test(token);
}

// A tokenizer-free token estimate, deliberately on the high side: English prose runs about 4 characters per
// token and code about 3, while most non-Latin scripts take a token or more per character. Overestimating
// only trims a passage a little early; underestimating would overflow the model's context window.

export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3.5) + other;
}

/** The longest prefix of `text` whose estimate fits `tokens` (estimates grow with length, so bisect). */
export function cutToTokens(text: string, tokens: number): string {
  if (estimateTokens(text) <= tokens) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(text.slice(0, mid)) <= tokens) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo);
}

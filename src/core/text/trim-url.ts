// Where a URL found in running text ends: sentence punctuation and an unbalanced closing parenthesis after
// it belong to the prose ("see https://x.org/a)." → "https://x.org/a"). Shared by the grounding check and
// the link policy so both cut a URL at the same place.
export function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (c && ".,;:!?*_'\"]}".includes(c)) end--;
    else if (c === ")" && count(url.slice(0, end), "(") < count(url.slice(0, end), ")")) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

// Builds the FTS5 MATCH expression for a question: its content words, each quoted (so nothing a user types
// is read as FTS5 syntax), plus the phrases of its alternates (abbreviations, synonyms: "pull request" for
// "PR"), joined with OR so that BM25 ranks passages by how many and how rare the words are.
import { stemmer } from "stemmer";
import { contentWords, words as wordsOf } from "../text/analyze.js";

export interface FtsQueryOptions {
  /** Test on a word's stem: words found in a large share of the index add almost nothing to BM25 ranking
   * (their IDF is near zero) but make FTS5 score most of the index, so they are left out of the match. */
  tooCommon?: (stem: string) => boolean;
  /** Test on a word's stem: whether any chunk contains it. A word the index lacks matches nothing. */
  inIndex?: (stem: string) => boolean;
  /** Extra phrases to match (each a few words). */
  phrases?: string[];
}

export function toFtsQuery(question: string, options: FtsQueryOptions = {}): string {
  const unique = [...new Set(contentWords(question))];
  const { tooCommon, inIndex } = options;
  const known = inIndex ? unique.filter((w) => inIndex(stemmer(w))) : unique;
  const selective = tooCommon ? known.filter((w) => !tooCommon(stemmer(w))) : known;
  // Every remaining word common (or unknown): keep the known ones, so the keyword side still ranks something.
  const words = selective.length > 0 ? selective : known.length > 0 ? known : unique;
  const parts = words.map(quote);
  for (const phrase of options.phrases ?? []) {
    // Stop words stay inside a phrase: the index has them ("code of conduct" is three tokens there).
    const phraseWords = wordsOf(phrase).flatMap((w) => w.split(/['.]/)).filter((w) => w.length > 0);
    if (phraseWords.length === 0) continue;
    const part = quote(phraseWords.join(" "));
    if (!parts.includes(part)) parts.push(part);
  }
  return parts.join(" OR ");
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

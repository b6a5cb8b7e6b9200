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
  /** How many chunks contain a word's stem: with `budget`, bounds the chunks FTS5 must score. */
  postings?: (stem: string) => number;
  /** At most this many postings (summed over the words) are scored: the rarest words are kept first, and
   * the rarest selective word always. Words in tens of thousands of chunks add little to the ranking and
   * much to the time (FTS5 scores every chunk a word is in, about 1 ms per thousand). */
  budget?: number;
}

export function toFtsQuery(question: string, options: FtsQueryOptions = {}): string {
  const unique = [...new Set(contentWords(question))];
  const { tooCommon, inIndex } = options;
  const known = inIndex ? unique.filter((w) => inIndex(stemmer(w))) : unique;
  const selective = tooCommon ? known.filter((w) => !tooCommon(stemmer(w))) : known;
  // Every remaining word common (or unknown): keep the known ones within the budget, so the keyword side still
  // ranks something in a small knowledge base; in a large one that leaves none, and the dense side ranks alone.
  const words = selective.length > 0 ? withinBudget(selective, options, true) : known.length > 0 ? withinBudget(known, options, false) : unique;
  if (words.length === 0 && (options.phrases ?? []).length === 0) return "";
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

/** The words whose postings fit the budget, rarest first (`force`: the rarest one in any case). */
function withinBudget(words: string[], options: FtsQueryOptions, force: boolean): string[] {
  const { postings, budget } = options;
  if (!postings || budget === undefined) return words;
  const kept: string[] = [];
  let total = 0;
  const counted = words.map((word) => ({ word, count: postings(stemmer(word)) })).sort((a, b) => a.count - b.count);
  for (const { word, count } of counted) {
    if (total + count > budget && !(force && kept.length === 0)) break;
    kept.push(word);
    total += count;
  }
  return kept;
}

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

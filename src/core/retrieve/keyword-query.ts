// Builds the FTS5 MATCH expression for a question: its content words, each quoted (so nothing a user types
// is read as FTS5 syntax), joined with OR so that BM25 ranks passages by how many and how rare the words are.
import { stemmer } from "stemmer";
import { contentWords } from "../text/analyze.js";

/**
 * @param tooCommon optional test on a word's stem: words found in a large share of the index add almost
 * nothing to BM25 ranking (their IDF is near zero) but make FTS5 score most of the index, so they are left
 * out of the match — unless every word is that common, in which case the query keeps them all.
 */
export function toFtsQuery(question: string, tooCommon?: (stem: string) => boolean): string {
  const unique = [...new Set(contentWords(question))];
  const selective = tooCommon ? unique.filter((w) => !tooCommon(stemmer(w))) : unique;
  return (selective.length > 0 ? selective : unique).map((w) => `"${w.replace(/"/g, '""')}"`).join(" OR ");
}

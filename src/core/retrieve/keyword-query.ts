// Builds the FTS5 MATCH expression for a question: its content words, each quoted (so nothing a user types
// is read as FTS5 syntax), joined with OR so that BM25 ranks passages by how many and how rare the words are.
import { contentWords } from "../text/analyze.js";

export function toFtsQuery(question: string): string {
  const unique = [...new Set(contentWords(question))];
  return unique.map((w) => `"${w.replace(/"/g, '""')}"`).join(" OR ");
}

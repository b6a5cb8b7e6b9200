// Most-asked topics: the content words that appear in the most questions (each question counts a word
// once), compared by stem and shown as people most often wrote them.
import { stemmer } from "stemmer";
import { contentWords } from "../text/analyze.js";
import type { Topic } from "./types.js";

export function topTopics(questions: string[], options: { limit?: number; minQuestions?: number } = {}): Topic[] {
  const limit = options.limit ?? 15;
  // A word asked about once is an anecdote, not a topic.
  const minQuestions = options.minQuestions ?? 2;
  const df = new Map<string, number>();
  const forms = new Map<string, Map<string, number>>();
  for (const q of questions) {
    const seen = new Set<string>();
    for (const word of contentWords(q)) {
      // Bare numbers ("2", "404") rarely name a topic on their own.
      if (/^\d+$/.test(word)) continue;
      const stem = stemmer(word);
      const counts = forms.get(stem) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      forms.set(stem, counts);
      if (!seen.has(stem)) {
        seen.add(stem);
        df.set(stem, (df.get(stem) ?? 0) + 1);
      }
    }
  }
  return [...df.entries()]
    .filter(([, n]) => n >= minQuestions)
    .sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b))
    .slice(0, limit)
    .map(([term, n]) => ({
      term,
      word: [...forms.get(term)!.entries()].sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b))[0]![0],
      questions: n,
    }));
}

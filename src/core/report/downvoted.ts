// Answers members voted down, with the sources they were built from: the docs to check first.
import type { StoredAnswer, StoredVote } from "../records/record-store.js";
import type { DownvotedAnswer } from "./types.js";

const EXCERPT_CHARS = 280;

export function downvotedAnswers(answers: StoredAnswer[], votes: StoredVote[]): DownvotedAnswer[] {
  const tally = new Map<string, { up: number; down: number }>();
  for (const v of votes) {
    const t = tally.get(v.answerId) ?? { up: 0, down: 0 };
    t[v.vote]++;
    tally.set(v.answerId, t);
  }
  return answers
    .filter((a) => (tally.get(a.id)?.down ?? 0) > 0)
    .map((a) => {
      const { up, down } = tally.get(a.id)!;
      return {
        id: a.id,
        question: a.question,
        answerExcerpt: excerpt(a.answer),
        grounded: a.grounded,
        up,
        down,
        createdAt: a.createdAt,
        sources: a.citations.map((c) => ({ file: c.file, title: c.title, ...(c.url ? { url: c.url } : {}) })),
      };
    })
    .sort((a, b) => b.down - b.up - (a.down - a.up) || b.down - a.down || b.createdAt.localeCompare(a.createdAt));
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT_CHARS ? flat : `${flat.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}

// Scores one labelled question against what the bot did: the ranked documents retrieval returned and the
// answer it gave. Pure: the same inputs always give the same verdicts, so it is tested on hand-made cases.
import type { Answer } from "../types.js";
import type { EvalItem } from "./eval-set.js";
import { hitAt, ndcgAt, reciprocalRank } from "./metrics.js";

export interface RetrievalScores {
  hit1: number;
  hit3: number;
  hit5: number;
  mrr: number;
  ndcg10: number;
}

export interface QuestionResult {
  id: string;
  question: string;
  unanswerable: boolean;
  /** Ranked document files, best first (up to 10). */
  ranked: string[];
  /** Retrieval scores; null when the item lists no relevant files. */
  retrieval: RetrievalScores | null;
  grounded: boolean;
  citedFiles: string[];
  /** Every must_contain string is in the answer; null when the item has none. */
  answerCorrect: boolean | null;
  /** The grounded answer cites only relevant files; null when not applicable (no relevant list, or declined). */
  citationCorrect: boolean | null;
  /** The bot declined an unanswerable question; null for answerable items. */
  abstainedCorrectly: boolean | null;
  /** What went wrong, in words, for the failures list; empty when everything passed. */
  failures: string[];
}

export function scoreQuestion(item: EvalItem, ranked: string[], answer: Pick<Answer, "answer" | "citations" | "grounded">): QuestionResult {
  const failures: string[] = [];
  const citedFiles = [...new Set(answer.citations.map((c) => c.file))];
  const top = ranked.slice(0, 10);

  let retrieval: RetrievalScores | null = null;
  if (!item.unanswerable && item.relevant.length > 0) {
    // Document-level binary relevance: every listed file counts 1.
    const judged = new Map(item.relevant.map((f) => [f, 1]));
    retrieval = {
      hit1: hitAt(top, judged, 1),
      hit3: hitAt(top, judged, 3),
      hit5: hitAt(top, judged, 5),
      mrr: reciprocalRank(top, judged),
      ndcg10: ndcgAt(top, judged, 10),
    };
    if (retrieval.hit5 === 0) failures.push(`retrieval: no relevant file in the top 5 (got ${top.slice(0, 5).join(", ") || "nothing"})`);
  }

  let answerCorrect: boolean | null = null;
  if (!item.unanswerable && item.mustContain.length > 0) {
    const text = normaliseForMatch(answer.answer);
    const missing = item.mustContain.filter((s) => ![s, ...(item.altMap[s] ?? [])].some((w) => text.includes(normaliseForMatch(w))));
    answerCorrect = answer.grounded && missing.length === 0;
    if (!answer.grounded) failures.push("answer: declined an answerable question");
    else if (missing.length > 0) failures.push(`answer: missing ${missing.map((s) => JSON.stringify(s)).join(", ")}`);
  } else if (!item.unanswerable && !answer.grounded) {
    failures.push("answer: declined an answerable question");
  }

  let citationCorrect: boolean | null = null;
  if (!item.unanswerable && item.relevant.length > 0 && answer.grounded) {
    const relevant = new Set(item.relevant);
    const stray = citedFiles.filter((f) => !relevant.has(f));
    citationCorrect = citedFiles.length > 0 && stray.length === 0;
    if (citedFiles.length === 0) failures.push("citations: a grounded answer cites nothing");
    else if (stray.length > 0) failures.push(`citations: cites ${stray.join(", ")}, not listed as relevant`);
  }

  let abstainedCorrectly: boolean | null = null;
  if (item.unanswerable) {
    abstainedCorrectly = !answer.grounded;
    if (answer.grounded) failures.push(`abstention: answered an unanswerable question, citing ${citedFiles.join(", ") || "nothing"}`);
  }

  return {
    id: item.id,
    question: item.question,
    unanswerable: item.unanswerable,
    ranked: top,
    retrieval,
    grounded: answer.grounded,
    citedFiles,
    answerCorrect,
    citationCorrect,
    abstainedCorrectly,
    failures,
  };
}

/** How answers and expected facts are compared: lower case, en and em dashes as hyphens, no thousands
 * separators in numbers ("10,000" = "10000"). */
export function normaliseForMatch(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/(\d),(?=\d{3}\b)/g, "$1");
}

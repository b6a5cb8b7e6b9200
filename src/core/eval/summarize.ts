// Turns per-question results into the evaluation's headline figures. Each rate is over the questions it
// applies to (retrieval over items with relevant files, abstention over unanswerable items, …), and says
// how many that was, so a figure over three questions is not mistaken for one over three hundred.
import { mean } from "./metrics.js";
import type { QuestionResult } from "./score-question.js";

export interface Rate {
  value: number;
  /** Questions the rate is computed over; value is 0 when this is 0. */
  count: number;
}

export interface EvalSummary {
  questions: number;
  answerable: number;
  unanswerable: number;
  retrieval: { hit1: Rate; hit3: Rate; hit5: Rate; mrr: Rate; ndcg10: Rate };
  /** All must_contain strings present, over answerable items that list some. */
  answerCorrectness: Rate;
  /** Cited files ⊆ relevant, over grounded answers to items that list relevant files. */
  citationCorrectness: Rate;
  /** Declined, over unanswerable items. */
  abstentionAccuracy: Rate;
  /** Grounded, over answerable items (the complement is false abstention). */
  answeredRate: Rate;
  /** Questions with at least one failure. */
  failed: number;
}

export function summarize(results: QuestionResult[]): EvalSummary {
  const retrieved = results.flatMap((r) => (r.retrieval ? [r.retrieval] : []));
  const metric = (pick: (r: NonNullable<QuestionResult["retrieval"]>) => number): Rate => ({
    value: mean(retrieved.map(pick)),
    count: retrieved.length,
  });
  const answerable = results.filter((r) => !r.unanswerable);
  return {
    questions: results.length,
    answerable: answerable.length,
    unanswerable: results.length - answerable.length,
    retrieval: {
      hit1: metric((r) => r.hit1),
      hit3: metric((r) => r.hit3),
      hit5: metric((r) => r.hit5),
      mrr: metric((r) => r.mrr),
      ndcg10: metric((r) => r.ndcg10),
    },
    answerCorrectness: rateOf(results.map((r) => r.answerCorrect)),
    citationCorrectness: rateOf(results.map((r) => r.citationCorrect)),
    abstentionAccuracy: rateOf(results.map((r) => r.abstainedCorrectly)),
    answeredRate: rateOf(answerable.map((r) => r.grounded)),
    failed: results.filter((r) => r.failures.length > 0).length,
  };
}

/** Share of true among the applicable (non-null) verdicts. */
export function rateOf(verdicts: (boolean | null)[]): Rate {
  const applicable = verdicts.filter((v): v is boolean => v !== null);
  return { value: applicable.length === 0 ? 0 : applicable.filter(Boolean).length / applicable.length, count: applicable.length };
}

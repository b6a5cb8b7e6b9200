// Runs a labelled question set, or a BEIR query set, through the real core (retrieval and answering) and
// scores it. The evaluation command and the CI quality floor both call these, so they measure the same thing.
import type { Docent } from "../docent.js";
import type { BeirDataset } from "./beir.js";
import { docIdOf } from "./beir.js";
import type { EvalItem } from "./eval-set.js";
import { mean, ndcgAt, recallAt } from "./metrics.js";
import { scoreQuestion, type QuestionResult } from "./score-question.js";
import { summarize, type EvalSummary } from "./summarize.js";

export type EvalTarget = Pick<Docent, "ask" | "search">;

export interface EvalReport {
  summary: EvalSummary;
  questions: QuestionResult[];
}

export async function evaluateSet(target: EvalTarget, items: EvalItem[]): Promise<EvalReport> {
  const questions: QuestionResult[] = [];
  for (const item of items) {
    const ranked = (await target.search(item.question, { topK: 10 })).map((h) => h.file);
    const answer = await target.ask(item.question);
    questions.push(scoreQuestion(item, ranked, answer));
  }
  return { summary: summarize(questions), questions };
}

export interface BeirScores {
  queries: number;
  ndcg10: number;
  recall100: number;
}

/** nDCG@10 and Recall@100 over a BEIR query set, on an index built from the corpus by writeCorpusAsKnowledge. */
export async function evaluateBeir(target: Pick<Docent, "search">, dataset: Pick<BeirDataset, "queries" | "qrels">): Promise<BeirScores> {
  const ndcg: number[] = [];
  const recall: number[] = [];
  for (const query of dataset.queries) {
    const judged = dataset.qrels.get(query.id);
    if (!judged) continue;
    const ranked = (await target.search(query.text, { topK: 100 })).map((h) => docIdOf(h.file));
    ndcg.push(ndcgAt(ranked, judged, 10));
    recall.push(recallAt(ranked, judged, 100));
  }
  return { queries: ndcg.length, ndcg10: mean(ndcg), recall100: mean(recall) };
}

// The seam between retrieval and answer writing. The extractive answerer is the offline default; a language
// model answerer (configured separately) implements the same interface and falls back to it.
import type { QueryTerms, RetrievedPassage } from "../retrieve/retrieve.js";
import type { HistoryTurn } from "../types.js";
import { condenseQuestion } from "./condense-question.js";
import { extractiveAnswer, type DraftAnswer, type ExtractiveOptions } from "./extractive-answer.js";

export interface AnswerInput {
  question: string;
  history: HistoryTurn[];
  passages: RetrievedPassage[];
  query: QueryTerms;
  /** Called with the answer text so far while it is being written (streaming answerers only). */
  onPartial?: (textSoFar: string) => void;
}

export interface Answerer {
  /** Recorded with answers and shown in logs, e.g. "extractive" or "openai:gpt-4o-mini". */
  readonly id: string;
  /** Rewrites a follow-up into a standalone query for retrieval. */
  condense(question: string, history: HistoryTurn[]): Promise<string>;
  answer(input: AnswerInput): Promise<DraftAnswer>;
}

export function createExtractiveAnswerer(options: ExtractiveOptions): Answerer {
  return {
    id: "extractive",
    condense: async (question, history) => condenseQuestion(question, history),
    answer: async ({ question, query, passages }) => extractiveAnswer(question, query, passages, options),
  };
}

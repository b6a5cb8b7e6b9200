// The core service every front end calls: opens the live index once, then answers questions —
// validate → condense follow-ups → hybrid retrieval → extractive answer with citations.
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import { createLogger } from "../logger.js";
import { condenseQuestion } from "./answer/condense-question.js";
import { extractiveAnswer } from "./answer/extractive-answer.js";
import { createEmbedder, type Embedder } from "./embeddings/create-embeddings.js";
import { openIndex, type LoadedIndex } from "./index-store/open-index.js";
import { retrieve } from "./retrieve/retrieve.js";
import type { Answer, AskOptions, AskService } from "./types.js";

/** Dense weight in hybrid fusion when the operator sets none, by embedder kind (see fuse-scores.ts). */
export const DEFAULT_DENSE_WEIGHT = { lexical: 0.1, semantic: 0.5 } as const;

/** A ranked document for evaluation: the best passage of each document, best first. */
export interface SearchHit {
  file: string;
  title: string;
  section: string;
  score: number;
}

export interface Docent extends AskService {
  /** Ranked documents for a query, without answering (evaluation, tuning). */
  search(query: string, options: { topK: number; denseWeight?: number }): Promise<SearchHit[]>;
  readonly embedder: Embedder;
  /** What is loaded: the index generation and its size. */
  info(): { generation: string; documents: number; chunks: number; embedder: string };
  close(): Promise<void>;
}

export async function openDocent(config: Config, options: { embedder?: Embedder } = {}): Promise<Docent> {
  const log = createLogger("core");
  const embedder = options.embedder ?? (await createEmbedder(config.embeddings));
  const index: LoadedIndex = openIndex(config.indexDir, embedder);
  const denseWeight = config.retrieval.denseWeight ?? DEFAULT_DENSE_WEIGHT[index.meta.embedder.kind];
  log.info({ generation: index.generation, chunks: index.meta.liveCount, embedder: embedder.id, denseWeight }, "index loaded");

  return {
    embedder,
    info: () => ({
      generation: index.generation,
      documents: index.meta.documentCount,
      chunks: index.meta.liveCount,
      embedder: embedder.id,
    }),
    async ask(question: string, askOptions: AskOptions = {}): Promise<Answer> {
      const text = question.trim();
      if (text === "") throw new AppError("question_empty", "ask: the question is empty");
      if (text.length > config.answer.maxQuestionChars)
        throw new AppError("question_too_long", `ask: the question has ${text.length} characters; the limit is ${config.answer.maxQuestionChars}`);
      const t0 = performance.now();
      const history = (askOptions.history ?? []).slice(-config.answer.historyMaxTurns);
      const query = condenseQuestion(text, history);
      const vector = denseWeight > 0 ? await embedder.embeddings.embedQuery(query) : undefined;
      const { passages, query: terms } = await retrieve(index, vector, query, { topK: config.retrieval.topK, denseWeight });
      const t1 = performance.now();
      const draft = extractiveAnswer(text, terms, passages, { maxChars: config.answer.maxChars, relevanceFloor: config.retrieval.relevanceFloor });
      const t2 = performance.now();
      return { ...draft, timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1) } };
    },
    async search(query, searchOptions) {
      const weight = searchOptions.denseWeight ?? denseWeight;
      const vector = weight > 0 ? await embedder.embeddings.embedQuery(query) : undefined;
      const candidates = Math.max(50, searchOptions.topK * 2);
      const { passages } = await retrieve(index, vector, query, { topK: candidates, denseWeight: weight, candidates });
      const seen = new Set<string>();
      return passages
        .filter((p) => !seen.has(p.chunk.file) && seen.add(p.chunk.file))
        .slice(0, searchOptions.topK)
        .map((p) => ({ file: p.chunk.file, title: p.chunk.title, section: p.chunk.section, score: p.score }));
    },
    async close() {
      index.close();
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

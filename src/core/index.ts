// The core's public surface. Adapters and scripts import from here only; nothing here knows of any chat platform.
export type { Answer, AskOptions, AskService, Citation, HistoryTurn } from "./types.js";
export { createRateLimiter, type RateLimiter, type RateLimitDecision } from "./rate-limiter.js";
export { withTimeout } from "./with-timeout.js";
export {
  openRecordStore,
  type Platform,
  type RecordStore,
  type StoredAnswer,
  type StoredVote,
  type Vote,
} from "./records/record-store.js";
export { openDocent, type Docent, type DocentOptions } from "./docent.js";
export { createExtractiveAnswerer, type Answerer, type AnswerInput } from "./answer/answerer.js";
export { createEmbedder, type Embedder } from "./embeddings/create-embeddings.js";
export { ingestKnowledge, type IngestOptions, type IngestProgress, type IngestSummary } from "./ingest/run-ingest.js";
export type { SearchHit } from "./docent.js";
export { loadBeir, writeCorpusAsKnowledge, docIdOf, type BeirDataset } from "./eval/beir.js";
export { hitAt, mean, ndcgAt, recallAt, reciprocalRank, type Judgments } from "./eval/metrics.js";

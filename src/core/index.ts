// The core's public surface. Adapters and scripts import from here only; nothing here knows of any chat platform.
export type { Answer, AskOptions, AskService, Citation, HistoryTurn } from "./types.js";
export { createRateLimiter, createSharedRateLimiter, type MemoryRateLimiter, type RateLimiter, type RateLimitDecision } from "./rate-limiter.js";
export { createMemorySharedState, type SharedState } from "./shared-state/shared-state.js";
export { openSharedState } from "./shared-state/open-shared-state.js";
export { withTimeout } from "./with-timeout.js";
export {
  openRecordStore,
  type Platform,
  type RecordStore,
  type SqliteRecordStore,
  type StoredAnswer,
  type StoredVote,
  type Vote,
} from "./records/record-store.js";
export { openRecords } from "./records/open-records.js";
export type { PostgresRecordStore } from "./records/postgres-record-store.js";
export { openDocent, type Docent, type DocentOptions } from "./docent.js";
export { createExtractiveAnswerer, type Answerer, type AnswerInput } from "./answer/answerer.js";
export { createEmbedder, type Embedder } from "./embeddings/create-embeddings.js";
export { ingestKnowledge, type IngestOptions, type IngestProgress, type IngestSummary } from "./ingest/run-ingest.js";
export type { SearchHit } from "./docent.js";
export { loadBeir, writeCorpusAsKnowledge, docIdOf, type BeirDataset } from "./eval/beir.js";
export { hitAt, mean, ndcgAt, recallAt, reciprocalRank, type Judgments } from "./eval/metrics.js";
export { loadEvalSet, parseEvalSet, type EvalItem } from "./eval/eval-set.js";
export { scoreQuestion, type QuestionResult, type RetrievalScores } from "./eval/score-question.js";
export { summarize, type EvalSummary, type Rate } from "./eval/summarize.js";
export { evaluateBeir, evaluateSet, type BeirScores, type EvalReport, type EvalTarget } from "./eval/run-eval.js";
export { formatEvalTable } from "./eval/format-eval.js";
export {
  formatContextRecall,
  measureContextRecall,
  type ContextRecallQuestion,
  type ContextRecallReport,
  type ContextRecallSummary,
} from "./eval/context-recall.js";
export { startRecordingChatServer, type RecordedRequest, type RecordingChatServer } from "./eval/recording-chat-server.js";
export { listIndexedDocuments, listLiveDocuments, type IndexedDocument } from "./index-store/list-documents.js";
export { buildReport } from "./report/build-report.js";
export { renderMarkdown } from "./report/markdown.js";
export { renderHtml } from "./report/html.js";
export { CHART_COLOURS } from "./report/svg-charts.js";
export type { QualityReport, ReportInput } from "./report/types.js";
export { createAnswerer } from "./answer/create-answerer.js";
export { dependsOnHistory } from "./answer/condense-question.js";
export { FALLBACK_NOTE } from "./answer/drafts.js";
export { reindex, reindexFailed, formatReindexSummary, type ReindexOptions, type ReindexSummary } from "./reindex.js";
export { createReindexRunner, type ReindexRunner, type ReindexRunnerOptions } from "./reindex-runner.js";
export { syncSources, type SyncOptions } from "./sources/sync-sources.js";
export { formatSourcesSummary } from "./sources/format-sources-summary.js";
export { sourcesFilePath } from "./sources/sources-file.js";
export type { SourcesSummary, SourceProblem } from "./sources/sync-report.js";
export { closeOpenFence, openFence, type Fence } from "./text/code-fence.js";
export { splitBlocks, type MarkdownBlock } from "./text/markdown-blocks.js";
export { splitIntoParts, truncateMarkdown, type FitOptions } from "./text/fit-blocks.js";
export type { DocumentSummary, LatestItem, LatestOptions, SearchItem, SearchOptions, SearchPage, TaskService } from "./tasks/task-types.js";
export { createTaskService, type TaskServiceOptions } from "./tasks/task-service.js";
export { DocumentNotFoundError } from "./tasks/resolve-document.js";
export {
  ANNOUNCE_MAX_LISTED,
  createAnnouncer,
  openAnnouncer,
  openSqliteAnnouncedStore,
  type AnnounceChannels,
  type AnnouncedDocument,
  type AnnouncedStore,
  type Announcement,
  type AnnouncementPoster,
  type AnnouncePlatform,
  type Announcer,
  type AnnounceReport,
  type OpenAnnouncer,
} from "./announce/index.js";

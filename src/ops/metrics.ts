// The process's Prometheus metrics (prom-client), served on GET /metrics: questions by platform and outcome,
// answer and retrieval latency, model errors, re-index runs and their duration, the size of the loaded index,
// and each chat platform's connection. One registry per process (`metrics`); tests build their own.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** How a question ended, as counted in docent_questions_total. */
export type QuestionOutcome =
  | "answered" // a grounded answer
  | "declined" // the honest "not in the knowledge base" reply
  | "error" // the core failed
  | "timeout" // ASK_TIMEOUT_MS passed
  | "shutting_down" // refused or cancelled because the process is stopping
  | "rate_limited"
  | "too_long";

export type ReindexResult = "ok" | "failed" | "error";

export interface IndexSize {
  documents: number;
  chunks: number;
}

export interface Metrics {
  registry: Registry;
  questions: Counter<"platform" | "outcome">;
  /** Seconds from a question's arrival to its answer, per platform. */
  answerSeconds: Histogram<"platform">;
  /** Seconds spent retrieving passages (Answer.timings.retrieveMs). */
  retrievalSeconds: Histogram;
  /** Model requests (answer or follow-up rewrite) that failed for good, retries spent: timeouts, 5xx, refused
   *  connections… The core reports each through createAnswerer's onModelError, which npm start points here. */
  modelErrors: Counter;
  reindexRuns: Counter<"result">;
  reindexSeconds: Histogram;
  /** 1 while the platform's connection is up, 0 while it is down. */
  platformUp: Gauge<"platform">;
  /** Reads the index size from `source` at every scrape (e.g. () => docent.info()); undefined = not loaded. */
  trackIndex(source: () => IndexSize | undefined): void;
  /** Records one finished re-index run. */
  observeReindex(result: ReindexResult, seconds: number): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  let indexSource: (() => IndexSize | undefined) | undefined;
  const indexGauge = (name: string, help: string, pick: (size: IndexSize) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const size = indexSource?.();
        if (size) this.set(pick(size));
        else this.reset();
      },
    });
  indexGauge("docent_index_documents", "Documents in the loaded index generation.", (s) => s.documents);
  indexGauge("docent_index_chunks", "Chunks (passages) in the loaded index generation.", (s) => s.chunks);

  const reindexRuns = new Counter({
    name: "docent_reindex_runs_total",
    help: "Re-index runs inside the bot (schedule and /ask-admin reindex), by result: ok, failed (finished with problems), error (could not run).",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const reindexSeconds = new Histogram({
    name: "docent_reindex_duration_seconds",
    help: "Duration of re-index runs inside the bot.",
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });

  return {
    registry,
    questions: new Counter({
      name: "docent_questions_total",
      help: "Questions from chat platforms, by platform and outcome (answered, declined, error, timeout, shutting_down, rate_limited, too_long).",
      labelNames: ["platform", "outcome"] as const,
      registers: [registry],
    }),
    answerSeconds: new Histogram({
      name: "docent_answer_duration_seconds",
      help: "Seconds from a question's arrival to its answer (answered and declined questions).",
      labelNames: ["platform"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60],
      registers: [registry],
    }),
    retrievalSeconds: new Histogram({
      name: "docent_retrieval_duration_seconds",
      help: "Seconds spent retrieving passages for a question (condense, embed, hybrid search).",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    modelErrors: new Counter({
      name: "docent_model_errors_total",
      help: "Failed calls to the language model (the answer fell back to quoting the documents, or failed).",
      registers: [registry],
    }),
    reindexRuns,
    reindexSeconds,
    platformUp: new Gauge({
      name: "docent_platform_up",
      help: "1 while the chat platform's connection is up, 0 while it is down.",
      labelNames: ["platform"] as const,
      registers: [registry],
    }),
    trackIndex(source) {
      indexSource = source;
    },
    observeReindex(result, seconds) {
      reindexRuns.inc({ result });
      reindexSeconds.observe(seconds);
    },
  };
}

/** The process's metrics: what GET /metrics serves. */
export const metrics: Metrics = createMetrics();

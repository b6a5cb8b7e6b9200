// Re-indexing from inside the running bot: the chat admin command and the optional schedule
// (REINDEX_INTERVAL_MINUTES) share one runner, so two requests never run two re-indexes at once — a request
// made while one runs gets that run's summary. After a run the Docent is told to switch to the new index
// at once (its watcher would notice within moments anyway).
import { createLogger, type Logger } from "../logger.js";
import type { Docent } from "./docent.js";
import type { Embedder } from "./embeddings/create-embeddings.js";
import { formatReindexSummary, reindex, reindexFailed, type ReindexOptions, type ReindexSettings, type ReindexSummary } from "./reindex.js";

export interface ReindexRunner {
  /** Runs a re-index (or joins the running one); resolves to its summary text, rejects when it could not run. */
  run(): Promise<string>;
  /** Re-indexes every `minutes` minutes; 0 schedules nothing. Returns the function that stops it. */
  schedule(minutes: number): () => void;
  /** Resolves when no re-index is running (call before closing the Docent at shutdown). */
  idle(): Promise<void>;
}

export interface ReindexRunnerOptions {
  docent?: Pick<Docent, "reload">;
  logger?: Logger;
  /** Passed to every run (tests shorten fetch retries). */
  reindexOptions?: Omit<ReindexOptions, "dryRun" | "onProgress">;
  /** Told about every finished run: ok, failed (finished with problems) or error (could not run), and its duration. */
  onRun?: (result: "ok" | "failed" | "error", seconds: number) => void;
  /** Runs after every run that could run, once the Docent has switched (e.g. announcing new documents); its failure is logged, not the run's. */
  afterRun?: (summary: ReindexSummary) => Promise<unknown> | unknown;
}

export function createReindexRunner(config: ReindexSettings, embedder: Embedder, options: ReindexRunnerOptions = {}): ReindexRunner {
  const log = options.logger ?? createLogger("reindex");
  let running: Promise<string> | undefined;

  const runOnce = async (): Promise<string> => {
    const started = performance.now();
    const report = (result: "ok" | "failed" | "error") => options.onRun?.(result, (performance.now() - started) / 1000);
    let summary;
    try {
      summary = await reindex(config, embedder, options.reindexOptions);
    } catch (error) {
      report("error");
      throw error;
    }
    report(reindexFailed(summary) ? "failed" : "ok");
    if (options.docent) await options.docent.reload();
    if (options.afterRun)
      await Promise.resolve()
        .then(() => options.afterRun!(summary))
        .catch((error: unknown) => log.error({ err: error }, "re-index: the after-run step failed"));
    const text = formatReindexSummary(summary);
    log[reindexFailed(summary) ? "warn" : "info"](
      {
        added: (summary.sources?.added.length ?? 0) + (summary.ingest?.added.length ?? 0),
        sourcesFailed: summary.sources?.failed.length ?? 0,
        filesFailed: summary.ingest?.failed.length ?? 0,
        generation: summary.ingest?.generation,
      },
      "re-index finished",
    );
    return text;
  };

  const run = (): Promise<string> => {
    running ??= runOnce().finally(() => (running = undefined));
    return running;
  };

  return {
    run,
    schedule(minutes) {
      if (minutes <= 0) return () => {};
      const timer = setInterval(() => {
        run().catch((error: unknown) => log.error({ err: error }, "scheduled re-index failed"));
      }, minutes * 60_000);
      // The schedule alone must not keep the process alive at shutdown.
      timer.unref();
      return () => clearInterval(timer);
    },
    async idle() {
      await running?.catch(() => undefined);
    },
  };
}

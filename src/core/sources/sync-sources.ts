// Pulls every source in the sources file into the knowledge directory — the first half of a re-index; the
// incremental index update is the second. Sources run side by side (the fetcher keeps each host's limit);
// one source failing never stops the others. On a dry run the same requests are made but nothing is
// written: no knowledge file, no state, no lock. A run has a deadline (REINDEX_DEADLINE_MINUTES): once it
// passes, no new request is sent and those in flight are aborted; what was fetched is kept (and indexed by
// the update that follows), and the rest is listed as skipped and looked at again on the next run.
import { join } from "node:path";
import type { SourcesConfig } from "../../config.js";
import { createLogger } from "../../logger.js";
import { acquireRunLock } from "../index-store/run-lock.js";
import { createKnowledgeWriter, removeKnowledgeLeftovers } from "./knowledge-writer.js";
import { createFetcher, type FetcherOptions } from "./polite-fetcher.js";
import { readSourcesFile, sourcesFilePath } from "./sources-file.js";
import { syncFolder } from "./sync-folder.js";
import { emptySummary, type SourcesSummary } from "./sync-report.js";
import { loadState, removeStateLeftovers, saveState, statePath } from "./sync-state.js";
import { syncWebSource } from "./sync-web-source.js";

/** What a sources sync reads of the configuration: the sources file and fetch limits (SOURCES_FILE, FETCH_*), where
 * knowledge and sync state are kept, the folders symlinks may lead into, and the run's deadline. */
export interface SyncSettings {
  knowledgeDir: string;
  dataDir: string;
  sources: SourcesConfig;
  ingest: { allowedRoots: string[] };
  /** REINDEX_DEADLINE_MINUTES; 0 = no deadline. */
  reindexDeadlineMinutes: number;
}

export interface SyncOptions {
  dryRun?: boolean;
  /** The clock, for tests of rechecks. */
  now?: Date;
  /** Fetcher tuning beyond the configuration (tests shorten the retry delay). */
  fetcher?: Partial<FetcherOptions>;
  /** The run's deadline in milliseconds, instead of REINDEX_DEADLINE_MINUTES (tests use a tiny one). */
  deadlineMs?: number;
}

/** Syncs the sources; undefined when there is no sources file. */
export async function syncSources(config: SyncSettings, options: SyncOptions = {}): Promise<SourcesSummary | undefined> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  const sources = readSourcesFile(sourcesFilePath(config), config.knowledgeDir);
  if (sources === undefined) return undefined;
  const summary = emptySummary(dryRun);
  summary.sources = sources.length;
  if (sources.length === 0) return summary;

  // Two syncs at once (cron and the chat command) would race on the same files and state.
  let cancelDeadline = () => {};
  const release = dryRun ? () => {} : acquireRunLock(join(config.dataDir, "sources", "sync.lock"), { what: "sources sync", updates: config.knowledgeDir });
  try {
    const stateFile = statePath(config.dataDir);
    // Any run that writes clears the state temp files of runs killed mid-write (a dry run writes nothing).
    const removed = dryRun ? [] : removeStateLeftovers(config.dataDir);
    if (removed.length > 0) createLogger("sources").info({ dataDir: config.dataDir, removed }, "removed leftovers of earlier runs");
    // …and the knowledge writer's hidden temp files (`.<file>.tmp-<pid>`) wherever they were left.
    const removedKnowledge = dryRun ? [] : removeKnowledgeLeftovers(config.knowledgeDir);
    if (removedKnowledge.length > 0) createLogger("sources").info({ knowledgeDir: config.knowledgeDir, removed: removedKnowledge }, "removed leftovers of earlier runs");
    const state = loadState(stateFile);
    const deadline = startDeadline(options.deadlineMs ?? config.reindexDeadlineMinutes * 60_000);
    cancelDeadline = deadline.cancel;
    const fetcher = createFetcher({ ...config.sources, ...options.fetcher, stop: deadline.signal });
    const writer = createKnowledgeWriter(config.knowledgeDir, dryRun);
    const now = options.now ?? new Date();
    await Promise.all(
      sources.map(async (source) => {
        try {
          if (source.kind === "folder") await syncFolder(source, config.knowledgeDir, writer, summary, config.ingest.allowedRoots);
          else state.sources[source.name] = await syncWebSource(source, state.sources[source.name], { fetcher, knowledgeDir: config.knowledgeDir, writer, summary, now });
        } catch (error) {
          summary.failed.push({ source: source.name, target: source.kind === "folder" ? source.path : "", reason: `unexpected error: ${String(error)}` });
        }
      }),
    );
    if (!dryRun) saveState(stateFile, state);
    summary.fetched = fetcher.downloads;
  } finally {
    cancelDeadline();
    release();
  }
  for (const list of [summary.added, summary.changed, summary.removed]) list.sort();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** Aborts its signal when `ms` have passed (0: never), with the reason the summary lists for what was skipped. */
function startDeadline(ms: number): { signal?: AbortSignal; cancel(): void } {
  if (ms <= 0) return { cancel: () => {} };
  const controller = new AbortController();
  const limit = ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms} ms`;
  const timer = setTimeout(
    () => controller.abort(`deadline: the run's time limit (REINDEX_DEADLINE_MINUTES, ${limit}) passed before this was fetched; tried again on the next run`),
    ms,
  );
  timer.unref();
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
}

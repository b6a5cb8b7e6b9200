// A re-index: pull the sources into the knowledge directory, then run the incremental index update — one
// call for the chat admin command and the optional schedule inside the bot (`npm run ingest` runs the same
// two steps itself, to show progress as it goes). A dry run syncs without writing and does not touch the index.
import type { Embedder } from "./embeddings/create-embeddings.js";
import { ingestKnowledge, type IngestOptions, type IngestSettings, type IngestSummary } from "./ingest/run-ingest.js";
import { formatSourcesSummary } from "./sources/format-sources-summary.js";
import type { SourcesSummary } from "./sources/sync-report.js";
import { syncSources, type SyncOptions, type SyncSettings } from "./sources/sync-sources.js";

export interface ReindexOptions extends SyncOptions, IngestOptions {}

/** What a re-index reads of the configuration: the sync's settings and ingest's. */
export type ReindexSettings = SyncSettings & IngestSettings;

export interface ReindexSummary {
  /** Undefined when there is no sources file. */
  sources?: SourcesSummary;
  /** Undefined on a dry run. */
  ingest?: IngestSummary;
}

export async function reindex(config: ReindexSettings, embedder: Embedder, options: ReindexOptions = {}): Promise<ReindexSummary> {
  const sources = await syncSources(config, options);
  if (options.dryRun) return { sources };
  const ingest = await ingestKnowledge(config, embedder, { full: options.full, onProgress: options.onProgress });
  return { sources, ingest };
}

/** Anything failed: a source, a page or a knowledge file. */
export function reindexFailed(summary: ReindexSummary): boolean {
  return (summary.sources?.failed.length ?? 0) > 0 || (summary.ingest?.failed.length ?? 0) > 0;
}

/** The whole outcome as plain text (the terminal prints the index part in its own format). */
export function formatReindexSummary(summary: ReindexSummary): string {
  const lines: string[] = [];
  if (summary.sources) lines.push(formatSourcesSummary(summary.sources));
  const s = summary.ingest;
  if (s) {
    lines.push(
      `index: ${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed, ${s.unchanged} unchanged, ` +
        `${s.failed.length} failed${s.skipped.length > 0 ? `, ${s.skipped.length} skipped` : ""}; ${s.embeddedChunks} chunks embedded, ${s.totalChunks} chunks in ${s.documents} documents; ` +
        `${s.seconds.toFixed(2)} s${s.generation ? ` (new index ${s.generation})` : " (index unchanged)"}`,
    );
    for (const f of s.failed) lines.push(`  failed: ${f.file}: ${f.reason}`);
    for (const f of s.skipped) lines.push(`  skipped: ${f.file}: ${f.reason}`);
  } else lines.push("index: not updated (dry run)");
  return lines.join("\n");
}

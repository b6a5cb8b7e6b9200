// Shows ingest progress as a bar on a terminal (and nothing when output is piped), then a one-line summary
// with a line per file that failed or symlink that was skipped.
import cliProgress from "cli-progress";
import type { IngestProgress, IngestSummary } from "../../core/index.js";

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { onProgress: (_: IngestProgress) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: " {phase} [{bar}] {value}/{total}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    onProgress(p: IngestProgress) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(9) });
      } else bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
}

export function formatIngestSummary(s: IngestSummary): string {
  const lines = [
    `ingest: ${s.added.length} added, ${s.changed.length} changed, ${s.removed.length} removed, ${s.unchanged} unchanged, ` +
      `${s.failed.length} failed${s.skipped.length > 0 ? `, ${s.skipped.length} skipped` : ""}; ${s.embeddedChunks} chunks embedded, ${s.totalChunks} chunks in ${s.documents} documents; ` +
      `${s.seconds.toFixed(2)} s${s.generation ? ` (index ${s.generation})` : " (index unchanged)"}`,
  ];
  for (const f of s.failed) lines.push(`  failed: ${f.file}: ${f.reason}`);
  for (const f of s.skipped) lines.push(`  skipped: ${f.file}: ${f.reason}`);
  return lines.join("\n");
}

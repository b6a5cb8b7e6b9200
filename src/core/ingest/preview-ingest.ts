// What `npm run ingest` would do to the index, for `--dry-run`: the knowledge directory compared with the
// live index's manifest — files that would be added, changed and removed, files that cannot be used, and
// symlinks that are not followed, and that as text for the terminal. The manifest is the file index's, or the
// database's with DATABASE_URL (the index ingest would write). Reads only: no lock, no embedder, no schema
// migration, nothing written.
import type { IndexLocation } from "../index-store/index-source.js";
import { readLiveManifest } from "../index-store/live-manifest.js";
import { compareKnowledge, type KnowledgeComparison, type KnowledgeSettings } from "./compare-knowledge.js";

export interface IngestPreview extends Omit<KnowledgeComparison, "toIndex" | "present"> {
  /** The live generation compared against; undefined when there is no index yet (everything would be added). */
  generation?: string;
}

export async function previewIngest(config: KnowledgeSettings & IndexLocation): Promise<IngestPreview> {
  const manifest = await readLiveManifest(config);
  const known = new Map(manifest?.documents.map((d) => [d.file, d.hash]));
  const { toIndex: _parsed, present: _present, ...comparison } = await compareKnowledge(config, known);
  return { ...comparison, generation: manifest?.generation };
}

/** The preview as text: a line of counts, then a line per file. */
export function formatIngestPreview(p: IngestPreview): string {
  const lines = [
    `index (dry run: nothing written): ${p.added.length} would be added, ${p.changed.length} would be changed, ` +
      `${p.removed.length} would be removed, ${p.unchanged} unchanged, ${p.failed.length} failed` +
      `${p.skipped.length > 0 ? `, ${p.skipped.length} skipped` : ""}${p.generation ? ` (compared with ${p.generation})` : " (no index yet)"}`,
    ...p.added.map((f) => `  would add: ${f}`),
    ...p.changed.map((f) => `  would change: ${f}`),
    ...p.removed.map((f) => `  would remove: ${f}`),
    ...p.failed.map((f) => `  failed: ${f.file}: ${f.reason}`),
    ...p.skipped.map((f) => `  skipped: ${f.file}: ${f.reason}`),
  ];
  return lines.join("\n");
}

// meta.json of an index generation: which embedder built it, and the counters the label manager needs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../errors.js";
import { writeFileAtomic } from "../write-file-atomic.js";

export const INDEX_FORMAT_VERSION = 2;

export interface IndexMeta {
  formatVersion: number;
  embedder: { id: string; dimension: number; kind: "semantic" | "lexical" };
  chunkMaxChars: number;
  /** Next unused HNSW label; labels are never reused, only the slots of deleted ones. */
  nextLabel: number;
  /** Points marked deleted in the HNSW graph since it was last rebuilt. */
  deletedCount: number;
  liveCount: number;
  documentCount: number;
  builtAt: string;
  /** The generation that was live when this one was published (null: none); kept for running readers. */
  previousGeneration?: string | null;
  /** Size in bytes of each data file at publish, so a truncated or replaced file is noticed. */
  fileSizes?: Record<string, number>;
}

export function readIndexMeta(genDir: string): IndexMeta {
  const path = join(genDir, "meta.json");
  let meta: IndexMeta;
  try {
    meta = JSON.parse(readFileSync(path, "utf8")) as IndexMeta;
    if (typeof meta !== "object" || meta === null || Array.isArray(meta)) throw new Error("not a JSON object");
  } catch (error) {
    throw new AppError("index_corrupt", `index: cannot read ${path} (${String(error)}); run "npm run ingest -- --full"`, {
      cause: error,
    });
  }
  if (meta.formatVersion !== INDEX_FORMAT_VERSION)
    throw new AppError(
      "index_mismatch",
      `index: ${genDir} has format ${meta.formatVersion}, this version of Docent reads ${INDEX_FORMAT_VERSION}; run "npm run ingest -- --full"`,
    );
  return meta;
}

export function writeIndexMeta(genDir: string, meta: IndexMeta): void {
  writeFileAtomic(join(genDir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
}

export function assertSameEmbedder(meta: IndexMeta, embedder: { id: string; dimension: number }, where: string): void {
  if (meta.embedder.id === embedder.id && meta.embedder.dimension === embedder.dimension) return;
  throw new AppError(
    "index_mismatch",
    `index: ${where} was built with embedder ${meta.embedder.id} (${meta.embedder.dimension} dimensions), but the ` +
      `configured embedder is ${embedder.id} (${embedder.dimension} dimensions); run "npm run ingest -- --full" to rebuild it`,
  );
}

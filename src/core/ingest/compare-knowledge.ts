// Compares the knowledge directory with an index manifest (file → content hash): which files are new,
// changed, removed or unchanged, which cannot be used (with the reason) and which symlinks were not
// followed. Shared by ingest, which then embeds what changed, and by `ingest --dry-run`, which only reports.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { Chunk } from "./chunk-markdown.js";
import { DocumentError, parseDocument, type SourceDocument } from "./load-document.js";
import { scanKnowledge, type SkippedPath } from "./scan-knowledge.js";

export interface KnowledgeComparison {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  failed: { file: string; reason: string }[];
  /** Symlinks not followed, with the reason; not failures. */
  skipped: SkippedPath[];
  /** New and changed documents, parsed (and chunked when a chunker was given). */
  toIndex: { doc: SourceDocument; hash: string; chunks: Chunk[] }[];
  /** Files found in the knowledge directory. */
  present: number;
}

/** What reading the knowledge directory needs of the configuration (KNOWLEDGE_DIR, MAX_FILE_BYTES, KNOWLEDGE_ALLOWED_ROOTS). */
export interface KnowledgeSettings {
  knowledgeDir: string;
  ingest: { maxFileBytes: number; allowedRoots: string[] };
}

export interface CompareOptions {
  /** Chunks a new or changed document; without it (a dry run) documents are parsed but not chunked. */
  chunk?: (doc: SourceDocument) => Promise<Chunk[]>;
  onProgress?: (done: number, total: number) => void;
}

export async function compareKnowledge(
  config: KnowledgeSettings,
  known: Map<string, string>,
  options: CompareOptions = {},
): Promise<KnowledgeComparison> {
  const progress = options.onProgress ?? (() => {});
  const { files, skipped } = await scanKnowledge(config.knowledgeDir, config.ingest.allowedRoots);
  const result: KnowledgeComparison = { added: [], changed: [], removed: [], unchanged: 0, failed: [], skipped, toIndex: [], present: files.length };
  let read = 0;
  for (const entry of files) {
    progress(read++, files.length);
    const previous = known.get(entry.file);
    // An unusable file is reported and skipped; a broken edit keeps the last good version in the index.
    const fail = (reason: string) =>
      result.failed.push({ file: entry.file, reason: previous === undefined ? reason : `${reason} (previous version kept)` });
    let bytes: Buffer;
    try {
      // Checked before reading, so an enormous file is never loaded into memory.
      const { size } = await stat(entry.absPath);
      if (size > config.ingest.maxFileBytes) {
        fail(`file is ${size} bytes, over the limit of ${config.ingest.maxFileBytes} (MAX_FILE_BYTES)`);
        continue;
      }
      bytes = await readFile(entry.absPath);
    } catch (error) {
      fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    const hash = createHash("sha256").update(bytes).digest("hex");
    if (previous === hash) {
      result.unchanged++;
      continue;
    }
    try {
      const doc = parseDocument(bytes, entry.file, config.ingest.maxFileBytes);
      const chunks = options.chunk ? await options.chunk(doc) : [];
      if (options.chunk && chunks.length === 0) throw new DocumentError("file has no text to index");
      // The parsed tree has served the chunker; many documents' trees are not kept in memory together.
      delete doc.tree;
      result.toIndex.push({ doc, hash, chunks });
      (previous === undefined ? result.added : result.changed).push(entry.file);
    } catch (error) {
      // Anything a parser throws on odd input (not only the reasons we name) is that file's problem alone.
      fail(error instanceof DocumentError ? error.message : `could not be parsed (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  progress(files.length, files.length);
  const present = new Set(files.map((f) => f.file));
  result.removed = [...known.keys()].filter((f) => !present.has(f));
  return result;
}

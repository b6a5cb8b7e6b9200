// A local folder source (docs checked out from another repository, say) is mirrored into
// knowledge/<source>/: new and edited files are copied, files deleted from the folder are deleted from the
// mirror, and the source's tags are merged into Markdown front matter. Only files this sync copied (listed in
// the mirror's hidden .docent-mirror.json) are ever deleted, so files an operator wrote there stay. A missing
// or empty folder is reported and the mirror left as it is — an unmounted disk must not empty the knowledge base.
// Symlinks in the folder follow the knowledge directory's rules (scanFolder): followed when their real path stays
// inside the folder or a KNOWLEDGE_ALLOWED_ROOTS folder, otherwise listed as skipped with the reason.
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { stringify } from "yaml";
import { scanFolder } from "../ingest/scan-knowledge.js";
import { FrontMatterError, parseFrontMatter } from "../ingest/parse-front-matter.js";
import type { KnowledgeWriter } from "./knowledge-writer.js";
import type { Source } from "./sources-file.js";
import type { SourcesSummary } from "./sync-report.js";
import { createPathFilter } from "./url-patterns.js";

export type FolderSource = Extract<Source, { kind: "folder" }>;

export async function syncFolder(
  source: FolderSource,
  knowledgeDir: string,
  writer: KnowledgeWriter,
  summary: SourcesSummary,
  /** KNOWLEDGE_ALLOWED_ROOTS: where the folder's symlinks may lead besides the folder itself. */
  allowedRoots: string[] = [],
): Promise<void> {
  if (!existsSync(source.path) || !statSync(source.path).isDirectory()) {
    summary.failed.push({ source: source.name, target: source.path, reason: "folder not found; the copies already in the knowledge directory are kept" });
    return;
  }
  // The folder's own README.md is a document like any other here (only the knowledge directory's is not).
  const scan = await scanFolder(source.path, { allowedRoots, rootLabel: "the source's folder", skipRootReadme: false });
  for (const skipped of scan.skipped) summary.skipped.push({ source: source.name, target: join(source.path, skipped.file), reason: skipped.reason });
  const passes = createPathFilter(source.include, source.exclude);
  const wanted = new Map<string, string>(); // knowledge file → absolute source path
  for (const { file, absPath } of scan.files) if (passes(file)) wanted.set(`${source.name}/${file}`, absPath);
  const manifest = `${source.name}/${MIRROR_MANIFEST}`;
  const mirrored = readMirrored(join(knowledgeDir, manifest));
  if (wanted.size === 0 && mirrored.length > 0) {
    summary.failed.push({ source: source.name, target: source.path, reason: "folder is empty; the copies already in the knowledge directory are kept" });
    return;
  }

  for (const [file, abs] of wanted) {
    const content = withTags(readFileSync(abs), file, source.tags);
    const target = join(knowledgeDir, file);
    const existing = existsSync(target) ? readFileSync(target) : undefined;
    if (existing?.equals(content)) summary.unchanged++;
    else {
      writer.write(file, content);
      (existing === undefined ? summary.added : summary.changed).push(file);
    }
  }
  for (const file of mirrored) {
    if (wanted.has(file) || !existsSync(join(knowledgeDir, file))) continue;
    writer.remove(file);
    summary.removed.push(file);
  }
  writer.write(manifest, `${JSON.stringify([...wanted.keys()], null, 1)}\n`);
}

const MIRROR_MANIFEST = ".docent-mirror.json";

/** Files an earlier sync copied into the mirror; none when it never ran (or its list is unreadable). */
function readMirrored(path: string): string[] {
  try {
    const list = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return Array.isArray(list) ? list.filter((f): f is string => typeof f === "string") : [];
  } catch {
    return [];
  }
}

/** Adds the source's tags to a Markdown file's front matter; other files (and broken front matter) are copied as they are. */
function withTags(bytes: Buffer, file: string, tags: string[]): Buffer {
  if (tags.length === 0 || ![".md", ".markdown", ".mdx"].includes(extname(file).toLowerCase())) return bytes;
  try {
    const { data, body } = parseFrontMatter(bytes.toString("utf8"));
    const own = Array.isArray(data.tags) ? data.tags.map(String) : typeof data.tags === "string" ? data.tags.split(",").map((t) => t.trim()) : [];
    const merged = { ...data, tags: [...new Set([...own, ...tags])] };
    return Buffer.from(`---\n${stringify(merged, { lineWidth: 0 }).trimEnd()}\n---\n\n${body}`);
  } catch (error) {
    if (error instanceof FrontMatterError) return bytes;
    throw error;
  }
}

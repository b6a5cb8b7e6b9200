// Lists the knowledge files to index: supported extensions, anywhere under the knowledge directory, except
// hidden or underscore-prefixed names and the directory's own README (instructions for operators).
// Symlinks (to files or folders, e.g. `knowledge/docs -> ../my-docs-checkout`) are followed when their real
// path stays inside an allowed root: the knowledge directory itself or a folder in KNOWLEDGE_ALLOWED_ROOTS.
// Every symlink that is not followed is reported with the reason (outside the allowed roots, broken, a loop
// or a folder already read), and a file reached twice is indexed once.
// The same walk (scanFolder) lists a folder source's files (src/core/sources/sync-folder.ts), so symlinks there
// follow the same rules, with the source folder in place of the knowledge directory.
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, join, relative, resolve, sep } from "node:path";
import { AppError } from "../../errors.js";
import { SUPPORTED_EXTENSIONS } from "./load-document.js";

export interface KnowledgeFile {
  /** Relative to the knowledge directory, forward slashes. */
  file: string;
  absPath: string;
}

export interface SkippedPath {
  /** Relative to the knowledge directory, forward slashes. */
  file: string;
  reason: string;
}

export interface KnowledgeScan {
  files: KnowledgeFile[];
  /** Symlinks not followed, with the reason. */
  skipped: SkippedPath[];
}

/** Hidden, underscore-prefixed (drafts, partials) and dependency folders are never knowledge. */
export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("_") || name === "node_modules";
}

export function hasSupportedExtension(name: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

export async function scanKnowledge(knowledgeDir: string, allowedRoots: string[] = []): Promise<KnowledgeScan> {
  return scanFolder(knowledgeDir, { allowedRoots, unreadableRoot: (error) => unreadable(knowledgeDir, error) });
}

export interface ScanOptions {
  /** Folders besides the scanned one that symlinks may lead into (KNOWLEDGE_ALLOWED_ROOTS). */
  allowedRoots?: string[];
  /** How skip reasons name the scanned folder; default "the knowledge directory". */
  rootLabel?: string;
  /** Leave out the folder's own README.md (the knowledge directory's instructions for operators); default true. */
  skipRootReadme?: boolean;
  /** The error to throw when the scanned folder itself cannot be read; default the file system's own. */
  unreadableRoot?: (error: unknown) => Error;
}

/** Supported files under `knowledgeDir` (any folder), following symlinks inside the allowed roots and listing the rest as skipped. */
export async function scanFolder(knowledgeDir: string, options: ScanOptions = {}): Promise<KnowledgeScan> {
  const { allowedRoots = [], rootLabel = "the knowledge directory", skipRootReadme = true } = options;
  const unreadableRoot = options.unreadableRoot ?? ((error: unknown) => error as Error);
  let rootReal: string;
  try {
    rootReal = await realpath(knowledgeDir);
  } catch (error) {
    throw unreadableRoot(error);
  }
  const roots = [rootReal, ...(await Promise.all(allowedRoots.map((r) => realpath(resolve(r)).catch(() => resolve(r)))))];
  const inside = (real: string) => roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
  const rel = (abs: string) => relative(knowledgeDir, abs).split(sep).join("/");

  const found: (KnowledgeFile & { real: string; viaLink: boolean })[] = [];
  const skipped: SkippedPath[] = [];
  // Real paths of folders read so far, and the path each was read as: a symlink back into one is a loop or a duplicate.
  const readDirs = new Map<string, string>([[rootReal, "."]]);

  // `real` is the folder's real path: entries that are not symlinks keep it as their prefix.
  const walk = async (dir: string, real: string, viaLink: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === knowledgeDir) throw unreadableRoot(error);
      throw error;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (isSkippedName(entry.name)) continue;
      const abs = join(dir, entry.name);
      const entryReal = join(real, entry.name);
      if (entry.isSymbolicLink()) await followLink(abs);
      else if (entry.isDirectory()) {
        if (readDirs.has(entryReal)) continue;
        readDirs.set(entryReal, rel(abs));
        await walk(abs, entryReal, viaLink);
      } else if (entry.isFile()) addFile(abs, entryReal, viaLink);
    }
  };

  const addFile = (abs: string, real: string, viaLink: boolean) => {
    if (!hasSupportedExtension(abs)) return;
    const file = rel(abs);
    if (!skipRootReadme || file.toLowerCase() !== "readme.md") found.push({ file, absPath: abs, real, viaLink });
  };

  const followLink = async (abs: string) => {
    const file = rel(abs);
    let real: string;
    try {
      real = await realpath(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === "ELOOP" ? "symlink loop (it leads back to itself)" : `symlink to a missing target (${code ?? String(error)})`;
      skipped.push({ file, reason });
      return;
    }
    if (!inside(real))
      return void skipped.push({
        file,
        reason: `symlink leads outside ${rootLabel}, to ${real}; add that folder (or one above it) to KNOWLEDGE_ALLOWED_ROOTS to index it`,
      });
    let target;
    try {
      target = await stat(real);
    } catch (error) {
      return void skipped.push({ file, reason: `symlink target cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    }
    if (target.isDirectory()) {
      const seen = readDirs.get(real);
      if (seen !== undefined) {
        const loop = file === seen || file.startsWith(`${seen}/`) || seen === ".";
        return void skipped.push({ file, reason: loop ? `symlink loop: it leads back to ${seen === "." ? rootLabel : seen}` : `symlink to a folder already read as ${seen}` });
      }
      readDirs.set(real, file);
      await walk(abs, real, true);
    } else if (target.isFile()) addFile(abs, real, true);
  };

  await walk(knowledgeDir, rootReal, false);

  // A file reached both directly and through a symlink (or through two) is indexed once: under its own path
  // when it has one, else under the first link path.
  const byReal = new Map<string, (typeof found)[number]>();
  for (const f of [...found].sort((a, b) => Number(a.viaLink) - Number(b.viaLink) || a.file.localeCompare(b.file))) {
    const first = byReal.get(f.real);
    if (first === undefined) byReal.set(f.real, f);
    else skipped.push({ file: f.file, reason: `same file as ${first.file}, which is indexed` });
  }
  const files = [...byReal.values()].map(({ file, absPath }) => ({ file, absPath })).sort((a, b) => a.file.localeCompare(b.file));
  return { files, skipped: skipped.sort((a, b) => a.file.localeCompare(b.file)) };
}

function unreadable(knowledgeDir: string, error: unknown): AppError {
  return new AppError(
    "ingest_failed",
    `ingest: cannot read the knowledge directory ${knowledgeDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}); set KNOWLEDGE_DIR or pass --knowledge <dir>`,
    { cause: error },
  );
}

// Lists the knowledge files to index: supported extensions, anywhere under the knowledge directory, except
// hidden or underscore-prefixed names and the directory's own README (instructions for operators).
import { readdir } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { AppError } from "../../errors.js";
import { SUPPORTED_EXTENSIONS } from "./load-document.js";

export interface KnowledgeFile {
  /** Relative to the knowledge directory, forward slashes. */
  file: string;
  absPath: string;
}

/** Hidden, underscore-prefixed (drafts, partials) and dependency folders are never knowledge. */
export function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("_") || name === "node_modules";
}

export function hasSupportedExtension(name: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

export async function scanKnowledge(knowledgeDir: string): Promise<KnowledgeFile[]> {
  const found: KnowledgeFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (dir === knowledgeDir)
        throw new AppError("ingest_failed", `ingest: cannot read the knowledge directory ${knowledgeDir} (${(error as NodeJS.ErrnoException).code}); set KNOWLEDGE_DIR or pass --knowledge <dir>`, { cause: error });
      throw error;
    }
    for (const entry of entries) {
      if (isSkippedName(entry.name)) continue;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile() && hasSupportedExtension(entry.name)) {
        const file = relative(knowledgeDir, abs).split(sep).join("/");
        if (file.toLowerCase() !== "readme.md") found.push({ file, absPath: abs });
      }
    }
  };
  await walk(knowledgeDir);
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

// Writes and deletes files under the knowledge directory for the source sync — or, on a dry run, only
// pretends to. Writes go to a hidden temp file (`.<file>.tmp-<pid>`) and are renamed into place, so an ingest
// running meanwhile (which ignores dot files) never reads half a post; the temp files a killed sync leaves are
// removed by the next sync that writes (removeKnowledgeLeftovers).
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { removeLeftovers } from "./leftovers.js";

export interface KnowledgeWriter {
  write(file: string, content: string | Buffer): void;
  remove(file: string): void;
}

/** The writer's temp name for a file named `name`: `.<name>.tmp-<pid>`. */
export function knowledgeTempName(name: string, pid: number = process.pid): string {
  return `.${name}.tmp-${pid}`;
}

const KNOWLEDGE_TEMP = /^\..+\.tmp-\d+$/;

export function createKnowledgeWriter(knowledgeDir: string, dryRun: boolean): KnowledgeWriter {
  return {
    write(file, content) {
      if (dryRun) return;
      const path = join(knowledgeDir, file);
      mkdirSync(dirname(path), { recursive: true });
      const tmp = join(dirname(path), knowledgeTempName(basename(path)));
      writeFileSync(tmp, content);
      renameSync(tmp, path);
    },
    remove(file) {
      if (dryRun) return;
      rmSync(join(knowledgeDir, file), { force: true });
    },
  };
}

/**
 * Removes the writer's temp files that syncs killed mid-write left anywhere under the knowledge directory (not
 * in hidden folders, and never through a symlink, so nothing outside it is touched). Only call while holding
 * the sources sync lock: then no other sync is writing one. Returns their paths, relative to the knowledge
 * directory.
 */
export function removeKnowledgeLeftovers(knowledgeDir: string): string[] {
  return removeLeftovers(knowledgeDir, (name) => KNOWLEDGE_TEMP.test(name), { recursive: true });
}

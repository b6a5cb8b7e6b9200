// Writes and deletes files under the knowledge directory for the source sync — or, on a dry run, only
// pretends to. Writes go to a hidden temp file and are renamed into place, so an ingest running meanwhile
// (which ignores dot files) never reads half a post.
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface KnowledgeWriter {
  write(file: string, content: string | Buffer): void;
  remove(file: string): void;
}

export function createKnowledgeWriter(knowledgeDir: string, dryRun: boolean): KnowledgeWriter {
  return {
    write(file, content) {
      if (dryRun) return;
      const path = join(knowledgeDir, file);
      mkdirSync(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
      writeFileSync(tmp, content);
      renameSync(tmp, path);
    },
    remove(file) {
      if (dryRun) return;
      rmSync(join(knowledgeDir, file), { force: true });
    },
  };
}

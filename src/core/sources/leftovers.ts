// Temp files that a run killed mid-write leaves behind (the sources state's `sources-state.json.tmp-<pid>`, the
// knowledge writer's `.<file>.tmp-<pid>`): removed by the next run that writes, while it holds the sources sync
// lock, so no other run is writing one at that moment.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface LeftoverOptions {
  /** Also look in subfolders (not in hidden ones or node_modules, and never through symlinks). */
  recursive?: boolean;
}

/** Removes the files in `dir` whose names `isLeftover` accepts; returns their paths relative to `dir`. */
export function removeLeftovers(dir: string, isLeftover: (name: string) => boolean, options: LeftoverOptions = {}): string[] {
  const removed: string[] = [];
  const visit = (folder: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      // Gone meanwhile, or never there: nothing to clean.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const name = prefix ? `${prefix}/${entry.name}` : entry.name;
      // Dirent types come from lstat: a symlink is neither a file nor a folder here, so links are never followed.
      if (entry.isFile() && isLeftover(entry.name)) {
        rmSync(join(folder, entry.name), { force: true });
        removed.push(name);
      } else if (options.recursive && entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") {
        visit(join(folder, entry.name), name);
      }
    }
  };
  visit(dir, "");
  return removed.sort();
}

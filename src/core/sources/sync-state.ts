// What the source sync remembers between runs, in DATA_DIR/sources-state.json: per source, the validators
// (ETag / Last-Modified) of its feed or sitemaps, and per page the file it was saved as, its validators,
// the feed entry id and date or sitemap lastmod last seen, and when it was last checked. Written atomically
// (temp file + rename), so a run killed mid-write leaves the previous state; the temp file such a run leaves is
// removed by the next one (removeStateLeftovers).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../write-file-atomic.js";
import { removeLeftovers } from "./leftovers.js";
import type { Validators } from "./polite-fetcher.js";

export interface PageState extends Validators {
  /** Where the copy is saved, relative to the knowledge directory; absent when there is none yet. */
  file?: string;
  entryId?: string;
  /** The feed entry's updated/published date or the sitemap's lastmod, as last seen. */
  listedDate?: string;
  /** ISO date-time of the last request for this page. */
  checkedAt: string;
  /** The last attempt failed (reason); retried on the next run. */
  failure?: string;
  /** The page answered 404/410. */
  gone?: boolean;
}

export interface SourceState {
  /** A fingerprint of the source's settings: when they change, nothing is skipped on the strength of old state. */
  settings: string;
  /** Feed or sitemap URL → its validators. */
  listings: Record<string, Validators>;
  pages: Record<string, PageState>;
}

export interface SyncState {
  version: 1;
  sources: Record<string, SourceState>;
}

export const STATE_FILE = "sources-state.json";

export function statePath(dataDir: string): string {
  return join(dataDir, STATE_FILE);
}

/** The temp files writeFileAtomic names `sources-state.json.tmp-<pid>`. */
const STATE_TEMP = /^sources-state\.json\.tmp-\d+$/;

/**
 * Removes the state's temp files that runs killed mid-write left in DATA_DIR. Only call while holding the
 * sources sync lock: then no other run is writing one. Returns the names removed.
 */
export function removeStateLeftovers(dataDir: string): string[] {
  return removeLeftovers(dataDir, (name) => STATE_TEMP.test(name));
}

export function loadState(path: string): SyncState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, sources: {} };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as SyncState;
    if (parsed.version === 1 && typeof parsed.sources === "object" && parsed.sources !== null) return parsed;
  } catch {
    // fall through: an unreadable state only costs full downloads on this run
  }
  return { version: 1, sources: {} };
}

export function saveState(path: string, state: SyncState): void {
  writeFileAtomic(path, `${JSON.stringify(state, null, 1)}\n`);
}

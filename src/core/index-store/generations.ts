// Index generations on disk. Each ingest that changes anything writes a complete new generation beside the
// live one, then switches the CURRENT pointer with an atomic rename. A reader therefore always finds a
// whole generation, and killing ingest at any moment leaves the previous one live. One ingest at a time
// holds the lock (run-lock.ts); while it does, it also clears what killed runs left behind.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../../errors.js";
import { writeFileAtomic } from "../write-file-atomic.js";
import { acquireRunLock } from "./run-lock.js";

const POINTER = "CURRENT";
const LOCK = "ingest.lock";
const PARTIAL_PREFIX = ".partial-";
const GENERATION_NAME = /^gen-[\w-]+$/;

/** Name of the live generation's directory, or undefined when no index was built yet. */
export function currentGeneration(indexDir: string): string | undefined {
  const name = readPointer(indexDir);
  if (name === undefined || GENERATION_NAME.test(name)) return name;
  throw new AppError("index_corrupt", `index: ${join(indexDir, POINTER)} does not name a generation; run "npm run ingest -- --full"`);
}

/** Like currentGeneration, but undefined for a damaged pointer too (a full rebuild ignores it). */
export function currentGenerationIfValid(indexDir: string): string | undefined {
  const name = readPointer(indexDir);
  return name !== undefined && GENERATION_NAME.test(name) ? name : undefined;
}

function readPointer(indexDir: string): string | undefined {
  try {
    const name = readFileSync(join(indexDir, POINTER), "utf8").trim();
    return name === "" ? undefined : name;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** A generation being written beside the live one, in a partial directory no reader opens. */
export interface NewGeneration {
  readonly name: string;
  /** Where its files are written until it is committed. */
  readonly dir: string;
  /** Whether commit() has made it live. */
  readonly committed: boolean;
  /** Makes it live in one atomic step — flush its files, rename it into place, flip CURRENT — then removes
   * what is no longer kept (removeLeftovers: the live generation and its predecessor stay). */
  commit(): void;
  /** Removes it unpublished; the live generation is untouched. Nothing to do once committed. */
  abort(): void;
}

/** Starts a new generation in `indexDir`. Call while holding the ingest lock. */
export async function beginGeneration(indexDir: string): Promise<NewGeneration> {
  await mkdir(indexDir, { recursive: true });
  const name = `gen-${new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 19)}-${process.pid}`;
  const dir = join(indexDir, `${PARTIAL_PREFIX}${name}`);
  await mkdir(dir, { recursive: true });
  let committed = false;
  return {
    name,
    dir,
    get committed() {
      return committed;
    },
    commit() {
      for (const file of readdirSync(dir)) fsyncPath(join(dir, file));
      fsyncPath(dir);
      renameSync(dir, join(indexDir, name));
      writeFileAtomic(join(indexDir, POINTER), `${name}\n`);
      fsyncPath(indexDir);
      committed = true;
      removeLeftovers(indexDir);
    },
    abort() {
      if (!committed) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Removes what earlier runs left behind: partial generations and CURRENT temp files of killed runs, and every
 * generation other than the live one and the one that was live before it (which running bots may still
 * read). That predecessor is the one the live generation's meta.json names, so an orphan — a generation
 * renamed into place by a run killed before it switched CURRENT — is never mistaken for it. Only call while
 * holding the ingest lock: then no other run is writing here. Returns the names removed.
 */
export function removeLeftovers(indexDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(indexDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const removed: string[] = [];
  const remove = (name: string) => {
    rmSync(join(indexDir, name), { recursive: true, force: true });
    removed.push(name);
  };
  for (const name of names) if (name.startsWith(PARTIAL_PREFIX) || name.startsWith(`${POINTER}.tmp-`)) remove(name);
  const live = currentGenerationIfValid(indexDir);
  // Without a readable pointer there is no telling which generation a reader uses: keep them all.
  if (live === undefined || !names.includes(live)) return removed;
  const generations = names.filter((n) => GENERATION_NAME.test(n)).sort();
  // Indexes published before the predecessor was recorded: the newest generation older than the live one.
  const recorded = recordedPrevious(join(indexDir, live));
  const previous = recorded === undefined ? generations.filter((n) => n < live).at(-1) : recorded;
  for (const name of generations) if (name !== live && name !== previous) remove(name);
  return removed;
}

/** The generation that was live when `genDir` was published, as its meta.json records it: null when there
 * was none, undefined when it is not recorded (or the meta cannot be read). */
function recordedPrevious(genDir: string): string | null | undefined {
  try {
    const meta = JSON.parse(readFileSync(join(genDir, "meta.json"), "utf8")) as { previousGeneration?: unknown };
    const name = meta.previousGeneration;
    if (name === null) return null;
    return typeof name === "string" && GENERATION_NAME.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the ingest lock of an index directory; throws "another ingest is running" while one is. */
export async function acquireIngestLock(indexDir: string): Promise<() => void> {
  await mkdir(indexDir, { recursive: true });
  return acquireRunLock(ingestLockPath(indexDir), { what: "ingest", updates: indexDir });
}

export function ingestLockPath(indexDir: string): string {
  return join(indexDir, LOCK);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

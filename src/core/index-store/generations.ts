// Index generations on disk. Each ingest that changes anything writes a complete new generation beside the
// live one, then switches the CURRENT pointer with an atomic rename. A reader therefore always finds a
// whole generation, and killing ingest at any moment leaves the previous one live. One ingest at a time
// holds the lock file.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../../errors.js";
import { writeFileAtomic } from "../write-file-atomic.js";

const POINTER = "CURRENT";
const LOCK = "ingest.lock";
const PARTIAL_PREFIX = ".partial-";

/** Name of the live generation's directory, or undefined when no index was built yet. */
export function currentGeneration(indexDir: string): string | undefined {
  try {
    const name = readFileSync(join(indexDir, POINTER), "utf8").trim();
    return name === "" ? undefined : name;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export async function startGeneration(indexDir: string): Promise<{ name: string; dir: string }> {
  await mkdir(indexDir, { recursive: true });
  const name = `gen-${new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 19)}-${process.pid}`;
  const dir = join(indexDir, `${PARTIAL_PREFIX}${name}`);
  await mkdir(dir, { recursive: true });
  return { name, dir };
}

/** Makes a finished partial generation live: flush its files, rename it into place, then flip CURRENT. */
export function commitGeneration(indexDir: string, generation: { name: string; dir: string }): void {
  for (const file of readdirSync(generation.dir)) fsyncPath(join(generation.dir, file));
  fsyncPath(generation.dir);
  renameSync(generation.dir, join(indexDir, generation.name));
  writeFileAtomic(join(indexDir, POINTER), `${generation.name}\n`);
  fsyncPath(indexDir);
}

/** Removes generations older than the live one and its predecessor (which running bots may still read). */
export function pruneGenerations(indexDir: string): void {
  const live = currentGeneration(indexDir);
  const generations = readdirSync(indexDir).filter((n) => n.startsWith("gen-")).sort();
  const keep = new Set([live, generations.filter((n) => n !== live).at(-1)]);
  for (const name of generations) if (!keep.has(name)) rmSync(join(indexDir, name), { recursive: true, force: true });
  // Partial generations left by a killed ingest; safe to remove because we hold the lock.
  for (const name of readdirSync(indexDir))
    if (name.startsWith(PARTIAL_PREFIX)) rmSync(join(indexDir, name), { recursive: true, force: true });
}

export function discardGeneration(generation: { dir: string }): void {
  rmSync(generation.dir, { recursive: true, force: true });
}

// Written into lock files beside the pid: a process that finds its own pid with another token in a lock knows
// the lock was left by an earlier process that had the same pid (containers restart as pid 1).
const PROCESS_TOKEN = randomBytes(8).toString("hex");

/** Takes the ingest lock; a lock left by a process that no longer runs is taken over. */
export async function acquireIngestLock(indexDir: string, what = "ingest"): Promise<() => void> {
  await mkdir(indexDir, { recursive: true });
  const path = join(indexDir, LOCK);
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written whole beside the lock, then linked into place: the lock never exists half-written.
    const tmp = `${path}.${process.pid}.${PROCESS_TOKEN}`;
    writeFileSync(tmp, `${process.pid} ${PROCESS_TOKEN}`);
    try {
      linkSync(tmp, path);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(tmp, { force: true });
    }
    const [pidText, token] = readLock(path);
    const holder = Number(pidText);
    const ours = holder === process.pid && token === PROCESS_TOKEN;
    const alive = Number.isInteger(holder) && holder > 0 && (holder === process.pid ? ours : isRunning(holder));
    if (alive)
      throw new AppError(
        "ingest_failed",
        `${what}: another run (pid ${holder}) is updating ${indexDir}; wait for it to finish, or delete ${path} if no such process runs`,
      );
    rmSync(path, { force: true });
  }
  throw new AppError("ingest_failed", `${what}: cannot take the lock ${path}`);
}

function readLock(path: string): string[] {
  try {
    return readFileSync(path, "utf8").trim().split(/\s+/);
  } catch {
    return [];
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}


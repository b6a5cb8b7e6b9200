// One run at a time: the lock an ingest (or a sources sync) holds while it writes. The lock is a folder of
// numbered tickets, each created exclusively (written beside it, then hard-linked into place, so it never
// exists half-written). The highest ticket decides: while its process runs, the lock is held. A ticket left
// by a process that is gone (or released) is taken over by creating the NEXT number — an exclusive create,
// so when many runs find the same stale ticket at once exactly one of them gets the lock; the others see the
// winner's ticket and stop with "another … is running". Tickets are never reused: a release marks its ticket
// released instead of deleting it, and a run that created a ticket from an outdated view of the folder sees
// a higher one afterwards and backs out.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "../../errors.js";

// Written into tickets beside the pid: a process that finds its own pid with another token in a ticket knows
// it was left by an earlier process that had the same pid (containers restart as pid 1).
const PROCESS_TOKEN = randomBytes(8).toString("hex");
const RELEASED = "released";
const TICKET = /^\d{12}$/;
const MAX_ATTEMPTS = 8;

export interface RunLockOptions {
  /** Names the run in messages: "ingest", "sources sync". */
  what: string;
  /** The folder the run updates, for the message. */
  updates: string;
}

/** Takes the lock folder `lockDir`; returns the function that releases it. Throws "another … is running". */
export function acquireRunLock(lockDir: string, options: RunLockOptions): () => void {
  prepareLockDir(lockDir, options);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const top = tickets(lockDir).at(-1);
    if (top !== undefined) {
      const holder = readTicket(join(lockDir, ticketName(top)));
      if (holder === undefined) continue; // being rewritten (released) or removed; look again
      if (holderRuns(holder)) throw busy(lockDir, holder.pid, options);
    }
    const mine = (top ?? 0) + 1;
    const path = join(lockDir, ticketName(mine));
    if (!createExclusive(path, `${process.pid} ${PROCESS_TOKEN}`)) continue; // another run took this number first
    // Created from an outdated view (a later ticket exists): that run decides, not this one.
    if (tickets(lockDir).some((n) => n > mine)) {
      rmSync(path, { force: true });
      continue;
    }
    // Ours now. Older tickets are history (the highest one always stays, so numbers never repeat).
    for (const n of tickets(lockDir)) if (n < mine) rmSync(join(lockDir, ticketName(n)), { force: true });
    removeDeadTemps(lockDir);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const tmp = join(lockDir, `.release-${process.pid}-${PROCESS_TOKEN}`);
      writeFileSync(tmp, RELEASED);
      renameSync(tmp, path);
    };
  }
  throw new AppError("ingest_failed", `${options.what}: cannot take the lock ${lockDir} (it changed hands ${MAX_ATTEMPTS} times); try again`);
}

/** Whether a live process holds the lock (for tests and status messages). */
export function runLockHeld(lockDir: string): boolean {
  let top: number | undefined;
  try {
    top = tickets(lockDir).at(-1);
  } catch {
    return false;
  }
  const holder = top === undefined ? undefined : readTicket(join(lockDir, ticketName(top)));
  return holder !== undefined && holderRuns(holder);
}

/** The folder exists. A lock FILE of the same name (written by an older Docent) is honoured while its process runs. */
function prepareLockDir(lockDir: string, options: RunLockOptions): void {
  try {
    if (statSync(lockDir).isDirectory()) return;
    const holder = readTicket(lockDir);
    if (holder && holderRuns(holder)) throw busy(lockDir, holder.pid, options);
    rmSync(lockDir, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(lockDir, { recursive: true });
}

function busy(lockDir: string, pid: number, options: RunLockOptions): AppError {
  return new AppError(
    "ingest_failed",
    `${options.what}: another ${options.what} is running (pid ${pid}) and updating ${options.updates}; wait for it to finish, ` +
      `or delete ${lockDir} if no such process runs`,
  );
}

function ticketName(n: number): string {
  return String(n).padStart(12, "0");
}

function tickets(lockDir: string): number[] {
  return readdirSync(lockDir)
    .filter((name) => TICKET.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** Creates `path` with `content` only if it does not exist yet; false when it does. */
function createExclusive(path: string, content: string): boolean {
  const tmp = `${path}.tmp-${process.pid}-${PROCESS_TOKEN}-${randomBytes(4).toString("hex")}`;
  writeFileSync(tmp, content);
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    rmSync(tmp, { force: true });
  }
}

interface Holder {
  pid: number;
  token: string;
  released: boolean;
}

function readTicket(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8").trim();
  } catch {
    return undefined;
  }
  if (text === RELEASED) return { pid: 0, token: "", released: true };
  const [pid, token] = text.split(/\s+/);
  return { pid: Number(pid), token: token ?? "", released: false };
}

function holderRuns(holder: Holder): boolean {
  if (holder.released || !Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  if (holder.pid === process.pid) return holder.token === PROCESS_TOKEN;
  return isRunning(holder.pid);
}

/** Temp files of processes killed between writing a ticket and linking it. */
function removeDeadTemps(lockDir: string): void {
  for (const name of readdirSync(lockDir)) {
    const pid = /\.(?:tmp|release)-(\d+)-/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isRunning(Number(pid))) rmSync(join(lockDir, name), { force: true });
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

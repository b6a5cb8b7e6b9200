// The run lock: one holder at a time, a lock left by a dead process taken over, and — the hard case — many
// runs finding the same stale lock at once: exactly one of them gets it, in separate processes and in one.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge } from "../../../src/core/index.js";
import { ingestLockPath } from "../../../src/core/index-store/generations.js";
import { acquireRunLock, runLockHeld } from "../../../src/core/index-store/run-lock.js";
import { REPO_ROOT } from "../../helpers/run-script.js";
import { makeTempKnowledge } from "../../helpers/temp-knowledge.js";

const DEAD_PID = 999_999_999;
const options = { what: "ingest", updates: "the test index" };
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "docent-lock-"));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Leaves a ticket as a process would that died holding the lock: the next number, a pid that does not run. */
function leaveStaleTicket(lockDir: string, pid = DEAD_PID, token = "gone"): void {
  mkdirSync(lockDir, { recursive: true });
  const top = Math.max(0, ...readdirSync(lockDir).filter((n) => /^\d{12}$/.test(n)).map(Number));
  writeFileSync(join(lockDir, String(top + 1).padStart(12, "0")), `${pid} ${token}`);
}

describe("run lock", () => {
  it("is held until released, and refuses a second holder with a clear message", () => {
    const lockDir = join(root, "ingest.lock");
    const release = acquireRunLock(lockDir, options);
    expect(runLockHeld(lockDir)).toBe(true);
    expect(() => acquireRunLock(lockDir, options)).toThrow(/^ingest: another ingest is running \(pid \d+\) and updating the test index; .*delete .*ingest\.lock/);
    release();
    expect(runLockHeld(lockDir)).toBe(false);
    acquireRunLock(lockDir, options)();
  });

  it("refuses while another live process holds it", () => {
    const lockDir = join(root, "ingest.lock");
    leaveStaleTicket(lockDir, 1, "init"); // pid 1 always runs and is not this process
    expect(() => acquireRunLock(lockDir, options)).toThrow(/another ingest is running \(pid 1\)/);
  });

  it("takes over a lock left by a dead process, or by an earlier process that had this pid", () => {
    const lockDir = join(root, "ingest.lock");
    leaveStaleTicket(lockDir);
    acquireRunLock(lockDir, options)();
    leaveStaleTicket(lockDir, process.pid, "an-earlier-process");
    const release = acquireRunLock(lockDir, options);
    expect(runLockHeld(lockDir)).toBe(true);
    release();
    // Only the newest ticket is kept, and no temp file.
    expect(readdirSync(lockDir)).toHaveLength(1);
  });

  it("honours a lock file written by an older Docent while its process runs, and replaces a stale one", () => {
    const lockDir = join(root, "ingest.lock");
    writeFileSync(lockDir, "1 old-version");
    expect(() => acquireRunLock(lockDir, options)).toThrow(/pid 1/);
    writeFileSync(lockDir, `${DEAD_PID} old-version`);
    acquireRunLock(lockDir, options)();
  });

  it("lets exactly one of six processes started in the same millisecond take over a stale lock, round after round", async () => {
    const lockDir = join(root, "ingest.lock");
    // The old remove-then-create takeover let two processes in about one round in twelve.
    const ROUNDS = 16;
    const children = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ["--import", "tsx", "test/core/index-store/lock-contender.ts", lockDir, "150"], { cwd: REPO_ROOT }),
    );
    const lines = children.map((child) => lineReader(child));
    try {
      await Promise.all(lines.map((next) => next()));
      for (let round = 1; round <= ROUNDS; round++) {
        leaveStaleTicket(lockDir);
        const at = Date.now() + 100;
        for (const child of children) child.stdin.write(`go ${round} ${at}\n`);
        const outcomes = await Promise.all(lines.map((next) => next()));
        await Promise.all(lines.map((next) => next())); // "done"
        const acquired = outcomes.filter((o) => o === `${round} acquired`);
        const busy = outcomes.filter((o) => o.startsWith(`${round} busy`));
        expect(acquired, `round ${round}: ${outcomes.join(" | ")}`).toHaveLength(1);
        expect(busy).toHaveLength(5);
        for (const b of busy) expect(b).toMatch(/another ingest is running \(pid \d+\)/);
      }
    } finally {
      for (const child of children) child.stdin.end();
    }
  });

  it("lets exactly one of six ingests started together in one process run over a stale lock", async () => {
    const kb = await makeTempKnowledge();
    try {
      const embedder = await createEmbedder(kb.config.embeddings);
      for (let round = 0; round < 3; round++) {
        leaveStaleTicket(ingestLockPath(kb.indexDir));
        const results = await Promise.allSettled(Array.from({ length: 6 }, () => ingestKnowledge(kb.config, embedder)));
        const ran = results.filter((r) => r.status === "fulfilled");
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(ran).toHaveLength(1);
        expect(refused).toHaveLength(5);
        for (const r of refused) expect(String(r.reason)).toMatch(/ingest: another ingest is running/);
      }
      expect(runLockHeld(ingestLockPath(kb.indexDir))).toBe(false);
      expect(existsSync(join(kb.indexDir, "CURRENT"))).toBe(true);
    } finally {
      await kb.cleanup();
    }
  });
});

/** Reads a child's stdout line by line: each call resolves to the next line. */
function lineReader(child: ChildProcessWithoutNullStreams): () => Promise<string> {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  child.on("exit", (code) => {
    for (const w of waiting.splice(0)) w(`exited ${code}: ${stderr}`);
  });
  return () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((resolve) => waiting.push(resolve)));
}

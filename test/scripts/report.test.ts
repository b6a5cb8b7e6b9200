// `npm run report` as a process over a real record store and index: both files written, retention applied
// before reporting, and bad options refused.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createEmbedder, ingestKnowledge, openRecordStore, type Answer } from "../../src/core/index.js";
import { openPostgresRecordStore } from "../../src/core/records/postgres-record-store.js";
import { startPgliteServer } from "../helpers/pglite-server.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";
import { runScript } from "../helpers/run-script.js";

let kb: TempKnowledge;
let oldId: string;
const DAY = 86_400_000;

const grounded: Answer = {
  answer: "Lumen needs Node 20 or newer [1].",
  citations: [{ n: 1, title: "Installing Lumen", section: "", file: "install.md", score: 1 }],
  grounded: true,
  timings: { retrieveMs: 5, answerMs: 1 },
};
const declined: Answer = { answer: "I couldn't find this in the knowledge base, so I won't guess.", citations: [], grounded: false, timings: { retrieveMs: 5, answerMs: 1 } };

beforeAll(async () => {
  kb = await makeTempKnowledge();
  await ingestKnowledge(kb.config, await createEmbedder(kb.config.embeddings));
  const store = openRecordStore(join(kb.config.dataDir, "docent.sqlite"));
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    const now = Date.now();
    vi.setSystemTime(now - 40 * DAY);
    oldId = store.recordAnswer({ platform: "discord", userId: "U1", question: "An ancient question about plugins?", answer: declined, latencyMs: 10 });
    vi.setSystemTime(now - 2 * DAY);
    const id = store.recordAnswer({ platform: "discord", userId: "RAW-USER-ID-7", channel: "C-RAW-CHANNEL", question: "Which Node version does Lumen need?", answer: grounded, latencyMs: 120 });
    store.recordVote({ answerId: id, platform: "discord", userId: "U2", vote: "down" });
    vi.setSystemTime(now - DAY);
    store.recordAnswer({ platform: "slack", userId: "U3", question: "How do I migrate from Gulp?", answer: declined, latencyMs: 80 });
    store.recordAnswer({ platform: "cli", userId: "terminal", question: "Migrating from gulp?", answer: declined, latencyMs: 60 });
  } finally {
    vi.useRealTimers();
    store.close();
  }
});
afterAll(() => kb.cleanup());

const env = () => ({ DATA_DIR: kb.config.dataDir, RECORD_RETENTION_DAYS: "30" });

describe("npm run report", () => {
  it("applies retention, then writes report.md and report.html for the window", async () => {
    const out = join(kb.root, "out");
    const result = await runScript("scripts/report.ts", ["--out", out, "--days", "7", "--index", kb.indexDir], { env: env() });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^report: 3 questions, 1 answered, 1 groups of unanswered questions, 1 answers voted down/);

    const md = await readFile(join(out, "report.md"), "utf8");
    expect(md).toMatch(/- \*\*[^*]*gulp[^*]*\*\*: asked 2 times/i);
    expect(md).toContain("- **Which Node version does Lumen need?** (👎 1, 👍 0");
    expect(md).toContain("Sources: Installing Lumen (`install.md`)");
    // The fixture index has five documents; only install.md was cited.
    expect(md).toContain("4 of 5 indexed documents were not cited by any answer:");
    expect(md).toContain("(deploy/netlify.md)");
    expect(md.match(/^\| \d{4}-\d{2}-\d{2} \|/gm)).toHaveLength(7);
    expect(md).not.toContain("ancient question");
    for (const secret of ["RAW-USER-ID-7", "C-RAW-CHANNEL"]) expect(md).not.toContain(secret);

    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain("How do I migrate from Gulp?");

    // Retention deleted the 40-day-old record from the store itself, not only from the report.
    const store = openRecordStore(join(kb.config.dataDir, "docent.sqlite"));
    try {
      expect(store.getAnswer(oldId)).toBeUndefined();
      expect(store.listAnswers()).toHaveLength(3);
    } finally {
      store.close();
    }
  });

  it("writes to DATA_DIR/report by default and notes a missing index instead of failing", async () => {
    const result = await runScript("scripts/report.ts", ["--index", join(kb.root, "no-index")], { env: env() });
    expect(result.code).toBe(0);
    expect(existsSync(join(kb.config.dataDir, "report", "report.html"))).toBe(true);
    expect(await readFile(join(kb.config.dataDir, "report", "report.md"), "utf8")).toContain("The index could not be read");
  });

  it("refuses a --days that is not a positive whole number", async () => {
    for (const days of ["0", "-3", "1.5", "soon"]) {
      const result = await runScript("scripts/report.ts", [`--days=${days}`], { env: env() });
      expect(result.code, days).toBe(1);
      expect(result.stderr).toMatch(/--days must be a whole number of days from 1 to 3650/);
    }
  });
});

describe("npm run report with DATABASE_URL", () => {
  it("reads and purges the records in Postgres, not a file in DATA_DIR", { timeout: 120_000 }, async () => {
    const server = await startPgliteServer();
    const dataDir = await mkdtemp(join(tmpdir(), "docent-report-pg-"));
    try {
      const store = await openPostgresRecordStore({ url: server.url, poolMax: 2 });
      let old: string;
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        const now = Date.now();
        vi.setSystemTime(now - 40 * DAY);
        old = await store.recordAnswer({ platform: "discord", userId: "U1", question: "An ancient question about plugins?", answer: declined, latencyMs: 10 });
        vi.setSystemTime(now - 2 * DAY);
        const id = await store.recordAnswer({ platform: "discord", userId: "RAW-USER-ID-7", channel: "C-RAW-CHANNEL", question: "Which Node version does Lumen need?", answer: grounded, latencyMs: 120 });
        await store.recordVote({ answerId: id, platform: "discord", userId: "U2", vote: "down" });
        vi.setSystemTime(now - DAY);
        await store.recordAnswer({ platform: "slack", userId: "U3", question: "How do I migrate from Gulp?", answer: declined, latencyMs: 80 });
      } finally {
        vi.useRealTimers();
      }
      const out = join(dataDir, "out");
      const result = await runScript("scripts/report.ts", ["--out", out, "--days", "7", "--index", join(dataDir, "no-index")], {
        env: { DATA_DIR: dataDir, RECORD_RETENTION_DAYS: "30", DATABASE_URL: server.url },
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^report: 2 questions, 1 answered, 1 groups of unanswered questions, 1 answers voted down/);
      const md = await readFile(join(out, "report.md"), "utf8");
      expect(md).toContain("- **Which Node version does Lumen need?** (👎 1, 👍 0");
      expect(md).not.toContain("ancient question");
      for (const secret of ["RAW-USER-ID-7", "C-RAW-CHANNEL"]) expect(md).not.toContain(secret);
      // Retention ran in the database; no SQLite store was made in DATA_DIR.
      expect(await store.getAnswer(old)).toBeUndefined();
      expect(await store.listAnswers()).toHaveLength(2);
      expect(existsSync(join(dataDir, "docent.sqlite"))).toBe(false);
      await store.close();
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

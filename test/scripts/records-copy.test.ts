// `npm run records:copy` as an operator runs it: --help and a wrong flag do nothing; no DATABASE_URL, a damaged
// file or a Postgres that is down is one line on stderr and exit 1; a copy into PGlite (served on loopback)
// prints what it did (the announcement history too, into the index --index names), and a second run adds nothing.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteAnnouncedStore } from "../../src/core/announce/index.js";
import { openRecordStore } from "../../src/core/records/record-store.js";
import type { Answer } from "../../src/core/types.js";
import { startPgliteServer, type PgliteServer } from "../helpers/pglite-server.js";
import { runScript } from "../helpers/run-script.js";

const SCRIPT = "scripts/copy-records.ts";
const answer: Answer = { answer: "Run npm install [1].", citations: [{ n: 1, title: "Install", section: "", file: "install.md", score: 1 }], grounded: true, timings: { retrieveMs: 1, answerMs: 2 } };

let dir: string;
let server: PgliteServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "docent-copy-cli-"));
  server = await startPgliteServer();
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run records:copy", () => {
  it("--help prints the usage and exits 0; an unknown flag is one line and exit 1", async () => {
    const help = await runScript(SCRIPT, ["--help"], { env: { DATABASE_URL: "" } });
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: npm run records:copy -- \[--from <file>\] \[--index <dir>\]\n/);
    expect(help.stdout).toContain("announcement history");
    const bogus = await runScript(SCRIPT, ["--bogus"], { env: { DATABASE_URL: server.url } });
    expect(bogus).toEqual({ code: 1, stdout: "", stderr: "Unknown option '--bogus' (see --help)\n" });
  });

  it("without DATABASE_URL: one line saying so, exit 1", async () => {
    const result = await runScript(SCRIPT, [], { env: { DATABASE_URL: "", DATA_DIR: dir } });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe("records:copy: DATABASE_URL is not set; set it to the Postgres database to copy into (postgres://user:password@host:5432/db)\n");
  });

  it("a damaged file, or a Postgres that is down: one line naming what failed, exit 1", async () => {
    const bad = join(dir, "bad.sqlite");
    writeFileSync(bad, randomBytes(4096));
    const damaged = await runScript(SCRIPT, ["--from", bad], { env: { DATABASE_URL: server.url } });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(new RegExp(`^records:copy: ${bad}: not a usable record store \\(.*\\)\\. Nothing was read from it.*\\n$`));

    const store = openRecordStore(join(dir, "down", "docent.sqlite"));
    store.recordAnswer({ platform: "cli", userId: "local", question: "q", answer, latencyMs: 1 });
    store.close();
    const down = await runScript(SCRIPT, [], { env: { DATABASE_URL: "postgres://docent:pw@127.0.0.1:9/docent", DATA_DIR: join(dir, "down") } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^records:copy: database: cannot connect to postgres:\/\/docent:\*\*\*@127\.0\.0\.1:9\/docent .*\n$/);
  });

  it("copies DATA_DIR/docent.sqlite into DATABASE_URL and says what it did; a second run adds nothing", async () => {
    const data = join(dir, "data");
    const store = openRecordStore(join(data, "docent.sqlite"));
    const id = store.recordAnswer({ platform: "discord", userId: "U1", channel: "C1", question: "How do I install?", answer, latencyMs: 12 });
    store.recordAnswer({ platform: "slack", userId: "U2", question: "Windows?", answer: { ...answer, grounded: false, citations: [] }, latencyMs: 8 });
    store.recordVote({ answerId: id, platform: "discord", userId: "U2", vote: "up" });
    store.close();
    const env = { DATABASE_URL: server.url, DATA_DIR: data };

    const first = await runScript(SCRIPT, [], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `records:copy: ${join(data, "docent.sqlite")} → ${server.url}\n` +
        "  answers: 2 added, 0 already there (of 2)\n" +
        "  votes: 1 added, 0 updated to the file's newer vote, 0 unchanged (of 1)\n" +
        "  announcement history: none in the file (no announcer ran on it)\n" +
        "  the member-hash key copied with them\n",
    );
    const second = await runScript(SCRIPT, ["--from", join(data, "docent.sqlite")], { env: { DATABASE_URL: server.url } });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("  answers: 0 added, 2 already there (of 2)\n");
    expect(second.stdout).toContain("the member-hash key was already the file's");

    const sql = new pg.Client({ connectionString: server.url });
    await sql.connect();
    try {
      const { rows } = await sql.query("SELECT (SELECT count(*) FROM docent_answers)::int AS answers, (SELECT count(*) FROM docent_votes)::int AS votes");
      expect(rows[0]).toEqual({ answers: 2, votes: 1 });
    } finally {
      await sql.end();
    }
  });

  it("copies the announcement history into the index --index names (as npm start's does); a second run adds nothing", async () => {
    const data = join(dir, "announced");
    const file = join(data, "docent.sqlite");
    // No answers (the database already holds another store's, hashed with its key): the history alone is copied.
    openRecordStore(file).close();
    const announced = openSqliteAnnouncedStore(file);
    await announced.prime("discord:C1", [{ file: "posts/a.md", title: "A", url: "https://example.org/a" }, { file: "posts/b.md", title: "B" }]);
    await announced.prime("slack:C2", [{ file: "posts/a.md", title: "A" }]);
    await announced.close();
    const env = { DATABASE_URL: server.url, DATA_DIR: data };

    const first = await runScript(SCRIPT, ["--index", ".data/docs-index"], { env });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `records:copy: ${file} → ${server.url}\n` +
        "  answers: 0 added, 0 already there (of 0)\n" +
        "  votes: 0 added, 0 updated to the file's newer vote, 0 unchanged (of 0)\n" +
        "  announced channels: 2 added, 0 already there (of 2), index docs-index\n" +
        "  announced documents: 3 added, 0 already there (of 3)\n" +
        "  no answers in the file: the member-hash key left as it was\n",
    );
    const second = await runScript(SCRIPT, ["--index", ".data/docs-index"], { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("  announced channels: 0 added, 2 already there (of 2), index docs-index\n  announced documents: 0 added, 3 already there (of 3)\n");

    const sql = new pg.Client({ connectionString: server.url });
    await sql.connect();
    try {
      const { rows } = await sql.query("SELECT index_name, count(*)::int AS documents FROM docent_announced_documents GROUP BY index_name");
      expect(rows).toEqual([{ index_name: "docs-index", documents: 3 }]);
    } finally {
      await sql.end();
    }
  });
});

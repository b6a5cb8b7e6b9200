// The operator commands that read an index follow DATABASE_URL like `npm start` and `npm run ingest` do, run as
// processes against PGlite (Postgres with pgvector, served on loopback): `ingest --dry-run` compares with the
// database's live manifest and writes nothing there, the report's never-cited list comes from the database's
// index, and `eval` on a BEIR folder indexes it into an index of its own that it removes afterwards.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, type Answer } from "../../src/core/index.js";
import { removePostgresIndex } from "../../src/core/index-store/postgres/postgres-ingest.js";
import { openPostgresRecordStore } from "../../src/core/records/postgres-record-store.js";
import { startPgliteServer, type PgliteServer } from "../helpers/pglite-server.js";
import { runScript } from "../helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

const BEIR_TINY = fileURLToPath(new URL("../fixtures/beir-tiny", import.meta.url));
let server: PgliteServer;
let sql: pg.Pool;
let kb: TempKnowledge;
let dataDir: string;

beforeAll(async () => {
  server = await startPgliteServer();
  sql = new pg.Pool({ connectionString: server.url, max: 1 });
  kb = await makeTempKnowledge();
  dataDir = await mkdtemp(join(tmpdir(), "docent-pg-commands-"));
});
afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await kb?.cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

const env = (index: string) => ({ DATABASE_URL: server.url, DATABASE_INDEX: index, DATA_DIR: dataDir, LLM_PROVIDER: "none" });
const indexNames = async () => (await sql.query<{ name: string }>("SELECT name FROM docent_indexes ORDER BY name")).rows.map((r) => r.name);
const liveOf = async (name: string) => (await sql.query<{ live: string }>("SELECT live_generation AS live FROM docent_indexes WHERE name = $1", [name])).rows[0]?.live;

describe("npm run ingest -- --dry-run with DATABASE_URL", () => {
  it("compares with the database's live manifest, not the file index, and writes nothing to the database", { timeout: 120_000 }, async () => {
    // A file index of the same folder exists: were it read, every file would be unchanged.
    await ingestKnowledge(kb.config, await createEmbedder(kb.config.embeddings));
    const knowledge = ["--knowledge", kb.knowledgeDir];

    // A database no Docent has used: everything would be added, as on files without an index, and not even the
    // schema is created.
    const fresh = await runScript("scripts/ingest.ts", [...knowledge, "--dry-run"], { env: env("docs") });
    expect(fresh.stderr).toBe("");
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^index \(dry run: nothing written\): 5 would be added, 0 would be changed, 0 would be removed, 0 unchanged, 0 failed \(no index yet\)$/m);
    expect(fresh.stdout).toContain("  would add: install.md\n");
    expect((await sql.query("SELECT to_regclass('docent_indexes') AS t")).rows[0].t).toBeNull();

    expect((await runScript("scripts/ingest.ts", knowledge, { env: env("docs") })).code).toBe(0);
    // Another index in the same database is not built yet: previewed as new too.
    const other = await runScript("scripts/ingest.ts", [...knowledge, "--dry-run"], { env: env("other") });
    expect(other.stdout).toMatch(/5 would be added, .* \(no index yet\)$/m);

    writeFileSync(join(kb.knowledgeDir, "new-post.md"), "# New post\n\nAbout something new.\n");
    writeFileSync(join(kb.knowledgeDir, "install.md"), "# Install\n\nLumen needs Node 22 now.\n");
    rmSync(join(kb.knowledgeDir, "faq.txt"));
    const rowsBefore = (await sql.query("SELECT (SELECT count(*) FROM docent_documents) AS d, (SELECT count(*) FROM docent_chunks) AS c")).rows[0];
    const result = await runScript("scripts/ingest.ts", [...knowledge, "--dry-run"], { env: env("docs") });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^index \(dry run: nothing written\): 1 would be added, 1 would be changed, 1 would be removed, 3 unchanged, 0 failed \(compared with gen-1\)$/m,
    );
    expect(result.stdout).toContain("  would add: new-post.md\n");
    expect(result.stdout).toContain("  would change: install.md\n");
    expect(result.stdout).toContain("  would remove: faq.txt\n");
    expect(await liveOf("docs")).toBe("1");
    expect(await indexNames()).toEqual(["docs"]);
    expect((await sql.query("SELECT (SELECT count(*) FROM docent_documents) AS d, (SELECT count(*) FROM docent_chunks) AS c")).rows[0]).toEqual(rowsBefore);

    // The real run then does what the preview said.
    const real = await runScript("scripts/ingest.ts", knowledge, { env: env("docs") });
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/ingest: 1 added, 1 changed, 1 removed, 3 unchanged, 0 failed/);
  });
});

describe("npm run report with DATABASE_URL", () => {
  it("lists the never-cited documents of the database's live index", { timeout: 120_000 }, async () => {
    const store = await openPostgresRecordStore({ url: server.url, poolMax: 2 });
    try {
      const answer: Answer = {
        answer: "Lumen needs Node 20 or newer [1].",
        citations: [{ n: 1, title: "Installing Lumen", section: "", file: "install.md", score: 1 }],
        grounded: true,
        timings: { retrieveMs: 5, answerMs: 1 },
      };
      await store.recordAnswer({ platform: "discord", userId: "U1", question: "Which Node version does Lumen need?", answer, latencyMs: 100 });
    } finally {
      await store.close();
    }
    const out = join(dataDir, "report");
    // INDEX_DIR has no index: the documents can only come from the database (the index the test above built).
    const result = await runScript("scripts/report.ts", ["--out", out, "--index", join(dataDir, "docs")], { env: env("unused") });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const md = await readFile(join(out, "report.md"), "utf8");
    // The database's index: new-post.md in, faq.txt out (the file index still has faq.txt and not new-post.md).
    expect(md).toContain("4 of 5 indexed documents were not cited by any answer:");
    expect(md).toContain("(new-post.md)");
    expect(md).not.toContain("(faq.txt)");
    expect(md).not.toContain("The index could not be read");

    const missing = await runScript("scripts/report.ts", ["--out", out, "--index", join(dataDir, "not-built")], { env: env("unused") });
    expect(missing.code).toBe(0);
    expect(await readFile(join(out, "report.md"), "utf8")).toContain("The index could not be read");
  });
});

describe("npm run eval with DATABASE_URL", () => {
  it("indexes a BEIR folder into an index of its own, eval-<corpus>-<pid>, and removes it afterwards", { timeout: 120_000 }, async () => {
    const before = await indexNames();
    const result = await runScript("scripts/eval.ts", [BEIR_TINY], { env: env("docs") });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nDCG@10 +1\.000/);
    expect(result.stderr).toMatch(/into a temporary index "eval-beir-tiny-\d+" in postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres…/);
    // Gone, with its HNSW index; the bot's index untouched.
    expect(await indexNames()).toEqual(before);
    expect(await liveOf("docs")).toBe("2");
    const { rows } = await sql.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'docent_chunks' AND indexname LIKE 'docent_chunks_hnsw%'");
    expect(rows).toHaveLength(1);
  });

  it("runs a question set against the database's index and names it", { timeout: 120_000 }, async () => {
    const set = join(dataDir, "set.jsonl");
    writeFileSync(set, `${JSON.stringify({ id: "node", question: "Which Node version does Lumen need?", relevant: ["install.md"] })}\n`);
    // --index names the database's index by its folder's last part, as for `npm start`; no file index there.
    const result = await runScript("scripts/eval.ts", [set, "--index", join(dataDir, "docs")], { env: env("unused") });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^index "docs" in postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres \(5 documents, embedder hashing/m);
    expect(existsSync(join(dataDir, "docs"))).toBe(false);
  });

  it("removing an index that is not there is a no-op", async () => {
    expect(await removePostgresIndex({ url: server.url, index: "never-built" })).toBe(false);
  });
});

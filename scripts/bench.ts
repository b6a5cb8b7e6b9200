// npm run bench [-- --sizes 10000,100000] [--store postgres]
// Builds synthetic corpora and measures Docent (ingest docs/s and chunks/s, unchanged re-run, index load,
// ask and retrieval p50/p95, peak RSS) against the baseline of LangChain's HNSWLib plus MiniSearch (a JS
// BM25 library) running the same hybrid query, each phase in its own process. Prints a table. With
// --store postgres the table has a third column: Docent with its index in Postgres — DATABASE_URL when set
// (an index of its own, removed afterwards), else a PGlite server the bench starts in a process of its own.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { describeDatabase } from "../src/core/db/postgres.js";
import { loadConfig } from "../src/config.js";
import { runEntry } from "../src/run-entry.js";
import { syntheticCorpus } from "./bench/synthetic-corpus.js";
import { exitWithUsageIfAsked } from "./usage.js";

const USAGE = `usage: npm run bench -- [--sizes 10000,100000] [--store postgres]
Builds a synthetic knowledge base of each size (in chunks) and measures Docent's ingest, unchanged re-run,
index load, retrieval and ask latency and peak memory against LangChain's HNSWLib + MiniSearch, each phase
in its own process. Prints one table per size; takes minutes for the larger sizes.
  --sizes   comma-separated corpus sizes in chunks (default 10000,100000)
  --store   postgres: also measure Docent with its index in Postgres, beside the file store. Uses
            DATABASE_URL when set (an index named bench-<size>-<pid>, removed afterwards); otherwise starts
            PGlite (Postgres compiled to WASM, with pgvector) over pglite-socket, whose figures are not a
            real Postgres server's`;
exitWithUsageIfAsked(USAGE);

function phase(name: string, dir: string, extra: string[] = []): Record<string, any> {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/bench/worker.ts", "--phase", name, "--dir", dir, ...extra], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, any>;
}

const f = (n: number, digits = 1) => n.toFixed(digits);
runEntry(async () => {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "10000,100000" }, store: { type: "string" } } });
  const sizes = values.sizes!.split(",").map(Number);
  if (values.store !== undefined && values.store !== "postgres" && values.store !== "files") {
    process.stderr.write(`bench: --store must be postgres (or files, the default), not "${values.store}" (see --help)\n`);
    return 1;
  }
  const postgres = values.store === "postgres";
  // Read once, before any work: a DATABASE_URL (environment or .env) is used as it is; without one, PGlite.
  const databaseUrl = postgres ? loadConfig().database?.url : undefined;
  for (const size of sizes) await benchSize(size, postgres ? { databaseUrl } : undefined);
});

interface PostgresTarget {
  /** DATABASE_URL; undefined: a PGlite server started for each size. */
  databaseUrl: string | undefined;
}

interface PostgresFigures {
  ingest: Record<string, any>;
  query: Record<string, any>;
  /** Which Postgres, for the column heading and the note under the table. */
  label: string;
  note: string;
  /** The PGlite server's own peak RSS (undefined with DATABASE_URL: the server is not ours to measure). */
  serverPeakRssMb?: number;
}

/** Starts scripts/bench/pglite-server.ts; resolves with its URL once it listens. */
async function startPglite(dataDir: string): Promise<{ url: string; version: string; stop: () => Promise<number | undefined> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/bench/pglite-server.ts", "--dir", dataDir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error("bench: the PGlite server stopped before it listened");
  const { url, pgliteVersion } = JSON.parse(first.value) as { url: string; pgliteVersion: string };
  return {
    url,
    version: pgliteVersion,
    async stop() {
      child.kill("SIGTERM");
      const last = await lines.next();
      return last.done ? undefined : (JSON.parse(last.value) as { peakRssMb: number }).peakRssMb;
    },
  };
}

async function benchPostgres(size: number, dir: string, target: PostgresTarget): Promise<PostgresFigures> {
  const indexName = `bench-${size}-${process.pid}`;
  if (target.databaseUrl) {
    const args = ["--index-name", indexName];
    try {
      const ingest = phase("postgres-ingest", dir, args);
      const query = phase("postgres-query", dir, args);
      const where = describeDatabase(target.databaseUrl);
      return { ingest, query, label: "Docent on Postgres (DATABASE_URL)", note: `Postgres: DATABASE_URL ${where}, index "${indexName}" (removed after the run).` };
    } finally {
      phase("postgres-drop", dir, args);
    }
  }
  const server = await startPglite(join(dir, "pglite"));
  let serverPeakRssMb: number | undefined;
  try {
    const args = ["--database-url", server.url, "--index-name", indexName];
    const ingest = phase("postgres-ingest", dir, args);
    const query = phase("postgres-query", dir, args);
    serverPeakRssMb = await server.stop();
    return {
      ingest,
      query,
      serverPeakRssMb,
      label: "Docent on Postgres (PGlite)",
      note:
        `Postgres: PGlite ${server.version} (Postgres compiled to WASM, with pgvector; every connection shares one session) served over ` +
        "pglite-socket on loopback by this bench, DATABASE_URL not set. Its figures are not a real Postgres server's.",
    };
  } finally {
    if (serverPeakRssMb === undefined) await server.stop().catch(() => undefined);
  }
}

async function benchSize(size: number, postgres?: PostgresTarget): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `docent-bench-${size}-`));
  try {
    const corpus = syntheticCorpus(size);
    mkdirSync(join(dir, "knowledge"));
    for (const doc of corpus.docs) writeFileSync(join(dir, "knowledge", doc.file), doc.content);
    writeFileSync(join(dir, "questions.json"), JSON.stringify(corpus.questions.slice(0, 500)));
    process.stderr.write(`bench: ${size} chunks (${corpus.docs.length} documents, ${Math.min(500, corpus.questions.length)} questions)…\n`);

    const ingest = phase("docent-ingest", dir);
    const query = phase("docent-query", dir);
    const build = phase("baseline-build", dir);
    const base = phase("baseline-query", dir);
    const pg = postgres ? await benchPostgres(size, dir, postgres) : undefined;
    const rows = [
      ["", "Docent (FTS5 + hnswlib-node)", "Baseline (HNSWLib + MiniSearch)"],
      ["chunks", `${ingest.chunks}`, `${build.chunks}`],
      ["ingest", `${f(ingest.seconds)} s = ${f(ingest.documents / ingest.seconds, 0)} docs/s, ${f(ingest.chunks / ingest.seconds, 0)} chunks/s`, `${f(build.seconds)} s`],
      ["re-run, nothing changed", `${f(ingest.unchangedRerunSeconds, 2)} s`, "(rebuilds)"],
      ["index load", `${f(query.loadSeconds, 2)} s`, `${f(base.loadSeconds, 2)} s`],
      ["hybrid retrieval p50 / p95", `${f(query.retrieve.p50, 2)} / ${f(query.retrieve.p95, 2)} ms`, `${f(base.retrieve.p50, 2)} / ${f(base.retrieve.p95, 2)} ms`],
      ["ask (retrieval + answer) p50 / p95", `${f(query.ask.p50, 2)} / ${f(query.ask.p95, 2)} ms`, "—"],
      ["peak RSS ingest / query", `${ingest.peakRssMb} / ${query.peakRssMb} MB`, `${build.peakRssMb} / ${base.peakRssMb} MB`],
      ["retrieval p95 ratio (baseline / Docent)", `${f(base.retrieve.p95 / query.retrieve.p95, 1)}×`, ""],
    ];
    if (pg) {
      const server = pg.serverPeakRssMb === undefined ? "" : ` (+ PGlite server ${pg.serverPeakRssMb} MB)`;
      const column = [
        pg.label,
        `${pg.ingest.chunks}`,
        `${f(pg.ingest.seconds)} s = ${f(pg.ingest.documents / pg.ingest.seconds, 0)} docs/s, ${f(pg.ingest.chunks / pg.ingest.seconds, 0)} chunks/s`,
        `${f(pg.ingest.unchangedRerunSeconds, 2)} s`,
        `${f(pg.query.loadSeconds, 2)} s`,
        `${f(pg.query.retrieve.p50, 2)} / ${f(pg.query.retrieve.p95, 2)} ms`,
        `${f(pg.query.ask.p50, 2)} / ${f(pg.query.ask.p95, 2)} ms`,
        `${pg.ingest.peakRssMb} / ${pg.query.peakRssMb} MB${server}`,
        "",
      ];
      rows.forEach((r, i) => r.push(column[i]!));
    }
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    process.stdout.write(`\n## ${size} chunks\n`);
    for (const r of rows) process.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join("  |  ")}\n`);
    if (pg) process.stdout.write(`${pg.note}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

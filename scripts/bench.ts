// npm run bench [-- --sizes 10000,100000]
// Builds synthetic corpora and measures Docent (ingest docs/s and chunks/s, unchanged re-run, index load,
// ask and retrieval p50/p95, peak RSS) against the baseline of LangChain's HNSWLib plus MiniSearch (a JS
// BM25 library) running the same hybrid query, each phase in its own process. Prints a table.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runEntry } from "../src/run-entry.js";
import { syntheticCorpus } from "./bench/synthetic-corpus.js";
import { exitWithUsageIfAsked } from "./usage.js";

const USAGE = `usage: npm run bench -- [--sizes 10000,100000]
Builds a synthetic knowledge base of each size (in chunks) and measures Docent's ingest, unchanged re-run,
index load, retrieval and ask latency and peak memory against LangChain's HNSWLib + MiniSearch, each phase
in its own process. Prints one table per size; takes minutes for the larger sizes.
  --sizes   comma-separated corpus sizes in chunks (default 10000,100000)`;
exitWithUsageIfAsked(USAGE);

function phase(name: string, dir: string): Record<string, any> {
  const out = execFileSync(process.execPath, ["--import", "tsx", "scripts/bench/worker.ts", "--phase", name, "--dir", dir], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, any>;
}

const f = (n: number, digits = 1) => n.toFixed(digits);
runEntry(async () => {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "10000,100000" } } });
  const sizes = values.sizes!.split(",").map(Number);
  for (const size of sizes) await benchSize(size);
});

async function benchSize(size: number): Promise<void> {
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
    const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
    process.stdout.write(`\n## ${size} chunks\n`);
    for (const r of rows) process.stdout.write(`${r.map((cell, c) => cell.padEnd(widths[c]!)).join("  |  ")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

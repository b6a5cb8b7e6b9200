// npx tsx scripts/bench-reindex.ts [-- --chunks 10000 --swaps 5]
// Measures the two figures issue 6 asks for, on a synthetic 10k-chunk knowledge base (offline hashing
// embedder) with a feed served from a loopback HTTP server:
//   1. the time to re-index ONE new post (source sync + incremental index update), against a full rebuild;
//   2. the swap's pause for questions in flight: question latency while the running Docent switches to the
//      new index generation, against the same questions with no switch.
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent, reindex } from "../src/core/index.js";
import { createRootLogger } from "../src/logger.js";
import { percentile } from "./bench/measure.js";
import { syntheticCorpus } from "./bench/synthetic-corpus.js";
import { exitWithUsageIfAsked, parseArgsOrExit, positiveIntegerOrExit } from "./usage.js";

exitWithUsageIfAsked(`usage: npm run bench:reindex -- [--chunks 10000] [--swaps 5]
On a synthetic knowledge base (offline hashing embedder) with a feed served on 127.0.0.1, measures the time
to re-index one new post against a full rebuild, and the pause for questions in flight while a running
Docent switches to the new index generation. Prints a table; writes only to a temporary folder.
  --chunks   size of the knowledge base in chunks (default 10000)
  --swaps    index switches measured with questions in flight (default 5)`);

const { values } = parseArgsOrExit("bench:reindex", { options: { chunks: { type: "string", default: "10000" }, swaps: { type: "string", default: "5" } } });
const chunks = positiveIntegerOrExit("bench:reindex", "--chunks", values.chunks);
const swaps = positiveIntegerOrExit("bench:reindex", "--swaps", values.swaps);
createRootLogger("silent");

// A blog on loopback: the feed lists `posts`; each post is a page with two sections.
const posts: { path: string; title: string; body: string }[] = [];
const server = createServer((req, res) => {
  if (req.url === "/robots.txt") return void res.writeHead(404).end();
  if (req.url === "/feed.xml") {
    const items = posts.map((p) => `<item><title>${p.title}</title><link>http://127.0.0.1:${port}${p.path}</link><guid>${p.path}</guid></item>`).join("");
    return void res.writeHead(200, { "content-type": "application/rss+xml" }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>b</title>${items}</channel></rss>`);
  }
  const post = posts.find((p) => p.path === req.url);
  if (!post) return void res.writeHead(404).end();
  res.writeHead(200, { "content-type": "text/html" }).end(`<html><head><title>${post.title}</title></head><body><article><h1>${post.title}</h1>${post.body}</article></body></html>`);
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const port = (server.address() as AddressInfo).port;

const dir = mkdtempSync(join(tmpdir(), "docent-bench-reindex-"));
const f = (n: number, d = 1) => n.toFixed(d);
try {
  const corpus = syntheticCorpus(chunks);
  const knowledgeDir = join(dir, "knowledge");
  mkdirSync(knowledgeDir);
  for (const doc of corpus.docs) writeFileSync(join(knowledgeDir, doc.file), doc.content);
  writeFileSync(join(knowledgeDir, "sources.yml"), `sources:\n  - name: blog\n    feed: http://127.0.0.1:${port}/feed.xml\n    recheck_days: 0\n`);
  const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", LOG_LEVEL: "silent", DATA_DIR: join(dir, "data") }, { knowledgeDir, indexDir: join(dir, "index") });
  const embedder = await createEmbedder(config.embeddings);

  process.stderr.write(`bench-reindex: building a ${chunks}-chunk index (${corpus.docs.length} documents)…\n`);
  let t = performance.now();
  const full = await ingestKnowledge(config, embedder, { full: true });
  const fullSeconds = (performance.now() - t) / 1000;

  // Each new post: three paragraphs in two sections, a few chunks, like a real blog post.
  const words = corpus.docs[1]!.content.split(/\s+/).slice(20, 400);
  const publish = (n: number) =>
    posts.push({
      path: `/posts/${n}`,
      title: `Release notes ${n}`,
      body: `<p>${words.slice(0, 120).join(" ")} post${n}.</p><h2>Upgrade</h2><p>${words.slice(120, 240).join(" ")}.</p><p>${words.slice(240).join(" ")}.</p>`,
    });

  process.stderr.write(`bench-reindex: full build ${f(fullSeconds)} s; re-indexing single new posts…\n`);
  const oneNew: { total: number; sync: number; ingest: number; embedded: number }[] = [];
  for (let i = 0; i < 3; i++) {
    publish(i);
    t = performance.now();
    const summary = await reindex(config, embedder);
    oneNew.push({ total: (performance.now() - t) / 1000, sync: summary.sources!.seconds, ingest: summary.ingest!.seconds, embedded: summary.ingest!.embeddedChunks });
    if (summary.sources!.added.length !== 1 || summary.ingest!.added.length !== 1) throw new Error(`expected one new post, got ${JSON.stringify(summary.sources)}`);
  }

  process.stderr.write("bench-reindex: questions with and without switches…\n");
  // Questions in a tight loop, with and without a switch to a new generation happening meanwhile.
  const docent = await openDocent(config, { embedder });
  const questions = corpus.questions.slice(0, 200);
  for (const q of questions.slice(0, 30)) await docent.ask(q);
  const baseline: number[] = [];
  for (const q of questions) {
    const s = performance.now();
    await docent.ask(q);
    baseline.push(performance.now() - s);
  }

  // The same batch of questions in flight, once with nothing else happening and once while the Docent
  // switches to a new generation (the switch is started right after them, so it overlaps all of them).
  const IN_FLIGHT = 8;
  const quiet: number[] = [];
  const during: number[] = [];
  const reloadMs: number[] = [];
  const batch = async (offset: number, alongside?: () => Promise<unknown>) => {
    const timed = questions.slice(offset, offset + IN_FLIGHT).map(async (q) => {
      const start = performance.now();
      await docent.ask(q);
      return performance.now() - start;
    });
    const other = alongside?.();
    const latencies = await Promise.all(timed);
    await other;
    return latencies;
  };
  for (let i = 0; i < swaps; i++) {
    publish(100 + i);
    await reindex(config, embedder);
    quiet.push(...(await batch(i * IN_FLIGHT)));
    during.push(
      ...(await batch(i * IN_FLIGHT, async () => {
        const start = performance.now();
        if (!(await docent.reload())) throw new Error("the Docent did not switch");
        reloadMs.push(performance.now() - start);
      })),
    );
  }
  await docent.close();

  const median = (xs: number[]) => percentile(xs, 50);
  const rows = [
    [`index`, `${full.totalChunks} chunks in ${full.documents} documents (full build ${f(fullSeconds)} s)`],
    [`re-index one new post (sync + index update)`, `median ${f(median(oneNew.map((o) => o.total)), 2)} s (sync ${f(median(oneNew.map((o) => o.sync)), 2)} s, index ${f(median(oneNew.map((o) => o.ingest)), 2)} s; ${oneNew[0]!.embedded} chunks embedded) — runs: ${oneNew.map((o) => f(o.total, 2)).join(", ")} s`],
    [`switch to the new generation (reload)`, `median ${f(median(reloadMs))} ms, max ${f(Math.max(...reloadMs))} ms over ${swaps} switches`],
    [`question latency, no switch`, `p50 ${f(percentile(baseline, 50), 2)} ms, p95 ${f(percentile(baseline, 95), 2)} ms, max ${f(Math.max(...baseline), 2)} ms`],
    [`${IN_FLIGHT} questions in flight, no switch`, `p50 ${f(percentile(quiet, 50), 2)} ms, max ${f(Math.max(...quiet), 2)} ms (${quiet.length} questions)`],
    [`${IN_FLIGHT} questions in flight during a switch`, `p50 ${f(percentile(during, 50), 2)} ms, max ${f(Math.max(...during), 2)} ms (${during.length} questions)`],
    [`swap pause for questions in flight`, `${f(Math.max(0, Math.max(...during) - Math.max(...quiet)), 1)} ms (max during − max without)`],
  ];
  const width = Math.max(...rows.map((r) => r[0]!.length));
  process.stdout.write(`\n## Re-index and swap, ${chunks}-chunk index (hashing embedder)\n`);
  for (const [k, v] of rows) process.stdout.write(`${k!.padEnd(width)}  ${v}\n`);
} finally {
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

// npx tsx scripts/bench-llm.ts [--runs 50] [--first-token-ms 0] [--token-ms 0]
// Measures generated answers through the fake OpenAI-compatible server (test/helpers/fake-openai.ts) on
// 127.0.0.1: time to first token and to the first text a member sees (the first partial that cites a source),
// total answer time (p50), and the grounding check's own cost per answer — once on the final text, and summed
// over every streamed partial. With the default zero delays the figures are Docent's own overhead (LangChain,
// HTTP, prompt building, checks); pass model-like delays to see them in context. A measurement: asserts nothing.
import { pino } from "pino";
import { parseCommandLine } from "../src/cli-args.js";
import { createGenerativeAnswerer } from "../src/core/answer/generate/generative-answerer.js";
import { allowedUrlSet, checkGrounding, checkPartial } from "../src/core/answer/generate/grounding-check.js";
import type { QueryTerms, RetrievedPassage } from "../src/core/retrieve/retrieve.js";
import { coverage } from "../src/core/retrieve/retrieve.js";
import { distinctTerms } from "../src/core/text/analyze.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";
import { startFakeOpenAI } from "../test/helpers/fake-openai.js";

const QUESTION = "How do I install the Lumen command-line tool and which Node version does it need?";
const DOCS = [
  ["install.md", "Installing Lumen", "https://lumen.example.org/docs/install", "Install the Lumen command-line tool globally from npm with npm install -g lumen-cli. Lumen needs Node 20 or newer; check your version with node --version. Older releases of Node are not supported and the CLI refuses to start on them."],
  ["config.mdx", "Configuration", "https://lumen.example.org/docs/config", "Lumen reads lumen.config.js from the project root. The outDir option sets where the built site goes, dist by default."],
  ["deploy/netlify.md", "Deploying to Netlify", "https://lumen.example.org/docs/deploy/netlify", "To deploy Lumen to Netlify, set the build command to lumen build and the publish directory to dist."],
  ["faq.txt", "FAQ", undefined, "Lumen works on Windows, macOS and Linux. The command-line tool is installed the same way everywhere."],
] as const;
// A typical short cited answer (~70 tokens), with one invented citation and one foreign link for the check to remove.
const ANSWER =
  "Install the command-line tool globally from npm:\n\n```sh\nnpm install -g lumen-cli\n```\n\n" +
  "It needs Node 20 or newer [1]; check with `node --version` [1]. It installs the same way on Windows, macOS and Linux [4][7]. " +
  "See [the install guide](https://lumen.example.org/docs/install) or https://elsewhere.example/lumen for more.";

const USAGE = `usage: npm run bench:llm -- [--runs 50] [--first-token-ms 0] [--token-ms 0]
Measures generated answers through a fake OpenAI-compatible server on 127.0.0.1: time to first token and to
the first cited text, total answer time, and the grounding check's own cost. No model or network needed.
  --runs             answers measured (default 50)
  --first-token-ms   delay the fake model waits before its first token (default 0)
  --token-ms         delay between tokens (default 0)`;

runEntry(async () => {
  const { values } = parseCommandLine(process.argv.slice(2), {
    runs: { type: "string" },
    "first-token-ms": { type: "string" },
    "token-ms": { type: "string" },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const runs = Number(values.runs ?? 50);
  const firstTokenMs = Number(values["first-token-ms"] ?? 0);
  const tokenMs = Number(values["token-ms"] ?? 0);
  createRootLogger("silent");

  const terms = distinctTerms(QUESTION).map((term) => ({ term, idf: 1, df: 1 }));
  const query: QueryTerms = { terms, totalIdf: terms.length, chunks: 100 };
  const passages: RetrievedPassage[] = DOCS.map(([file, title, url, text], i) => ({
    chunk: { label: i + 1, file, title, section: "", url, position: 0, text },
    score: 1 - i / 10,
    coverage: coverage(query, `${title} ${text}`),
  }));

  const fake = await startFakeOpenAI();
  // Word-sized chunks, as servers stream them.
  const chunks = ANSWER.split(/(?<=\s)/);
  fake.fallback = () => ({ chunks, delayMs: firstTokenMs, chunkDelayMs: tokenMs });
  const logLines: Array<Record<string, any>> = [];
  const answerer = createGenerativeAnswerer({
    llm: { provider: "openai", baseUrl: fake.baseUrl, model: "bench", temperature: 0, timeoutMs: 30_000, maxRetries: 0, contextTokens: 8_192, maxAnswerTokens: 400 },
    extractive: { maxChars: 600, relevanceFloor: 0.3 },
    budgetMs: 60_000,
    condenseBudgetMs: 10_000,
    logger: pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) }),
  });

  const ttft: number[] = [];
  const firstVisible: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const started = performance.now();
    let visible: number | undefined;
    const draft = await answerer.answer({ question: QUESTION, history: [], passages, query, onPartial: () => void (visible ??= performance.now() - started) });
    const elapsed = performance.now() - started;
    if (!draft.grounded) throw new Error(`bench: the answer was not grounded: ${draft.answer}`);
    if (i < 3) continue; // warm-up: module loading and the first connections
    total.push(elapsed);
    if (visible !== undefined) firstVisible.push(visible);
    const line = logLines.at(-1);
    if (typeof line?.firstTokenMs === "number") ttft.push(line.firstTokenMs);
  }
  await fake.close();

  // The grounding check alone, on the final text and on every partial a stream produces.
  const allowed = allowedUrlSet(passages.map((p) => p.chunk.url));
  const prefixes = chunks.map((_, i) => chunks.slice(0, i + 1).join(""));
  const reps = 2_000;
  let t = performance.now();
  for (let i = 0; i < reps; i++) checkGrounding(ANSWER, passages.length, allowed);
  const finalUs = ((performance.now() - t) * 1000) / reps;
  t = performance.now();
  for (let i = 0; i < reps; i++) for (const p of prefixes) checkPartial(p, passages.length, allowed);
  const partialsUs = ((performance.now() - t) * 1000) / reps;

  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  process.stdout.write(
    [
      `bench:llm — ${runs} streamed answers through the fake server (first token after ${firstTokenMs} ms, then ${tokenMs} ms per chunk; ${chunks.length} chunks, ${ANSWER.length} chars)`,
      `  time to first token (p50):       ${ms(p50(ttft))}`,
      `  time to first visible text (p50): ${ms(p50(firstVisible))}   (first partial that cites a source)`,
      `  total answer time (p50):          ${ms(p50(total))}`,
      `  grounding check, final text:      ${finalUs.toFixed(1)} µs per answer`,
      `  grounding check, all partials:    ${partialsUs.toFixed(1)} µs per answer (${prefixes.length} partials)`,
      "",
    ].join("\n"),
  );
  return 0;
});

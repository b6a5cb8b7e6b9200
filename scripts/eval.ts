// npm run eval -- <questions.jsonl | beir-folder> [--knowledge <dir>] [--index <dir>] [--json <out>] [--split test]
//                 [--context-recall]
// A JSONL file of labelled questions is run against the configured (or given) index: retrieval hit@k, MRR
// and nDCG@10 at document level, answer and citation correctness, abstention accuracy, and every failed
// question. With --context-recall, each question is also asked alone through the generated-answer path with
// a recording stand-in for the model on loopback, and the share of answerable questions whose required facts
// were all in the prompt's sources is reported (no model or network needed). A BEIR folder is indexed into a
// temporary index with the real ingest and scored with nDCG@10 and Recall@100, to compare with published
// tables. The figures go to stdout (a table, then one line of JSON); --json also writes them, with
// per-question detail, to a file. Exit 0 once measured, 1 on bad input.
import { stat, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig, withoutChatPlatforms, type ConfigOverrides } from "../src/config.js";
import {
  createAnswerer,
  createEmbedder,
  evaluateBeir,
  evaluateSet,
  formatContextRecall,
  formatEvalTable,
  ingestKnowledge,
  loadBeir,
  loadEvalSet,
  measureContextRecall,
  openDocent,
  writeCorpusAsKnowledge,
} from "../src/core/index.js";
import { AppError } from "../src/errors.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run eval -- <questions.jsonl> [--knowledge <dir>] [--index <dir>] [--json <out.json>] [--context-recall]
       npm run eval -- <beir-folder> [--split test] [--json <out.json>]
A JSONL line: {"id", "question", "relevant": [files], "must_contain": [strings], "alt_map": {string: [wordings]}, "unanswerable": bool}; only "question" is required.
--context-recall  also ask each question alone through the language-model answer path, with a stand-in model on
                  127.0.0.1 that records the prompts, and report the share of answerable questions whose
                  must_contain facts (or an alt_map wording) were all in the sources sent, and how many
                  questions never reached the model. Uses LLM_CONTEXT_TOKENS and LLM_MAX_ANSWER_TOKENS.`;

runEntry(async () => {
  const { values, positionals, overrides } = parseCommandLine(process.argv.slice(2), {
    json: { type: "string" },
    split: { type: "string", default: "test" },
    "context-recall": { type: "boolean", default: false },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const input = positionals[0]!;
  const kind = await stat(input).then(
    (s) => (s.isDirectory() ? "beir" : "jsonl"),
    () => {
      throw new AppError("config_invalid", `eval: ${input} does not exist`);
    },
  );
  if (kind === "beir" && values["context-recall"]) throw new AppError("config_invalid", "eval: --context-recall needs a JSONL question set with must_contain, not a BEIR folder");
  const result = kind === "beir" ? await beir(input, values.split!, overrides) : await jsonl(input, overrides, values["context-recall"] === true);
  process.stdout.write(`${JSON.stringify(result.summary)}\n`);
  if (values.json) await writeFile(values.json, `${JSON.stringify(result.detail, null, 2)}\n`);
  return 0;
});

async function jsonl(file: string, overrides: ConfigOverrides, contextRecall: boolean) {
  // Check the whole set before loading the index, so a typo is reported at once.
  const items = await loadEvalSet(file);
  const config = withoutChatPlatforms(loadConfig(environment(), overrides));
  createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  // The answerer the bot is configured with (a language model when LLM_PROVIDER is set), so the figures
  // describe what members get.
  const docent = await openDocent(config, { answerer: createAnswerer(config) });
  try {
    const report = await evaluateSet(docent, items);
    const info = docent.info();
    process.stdout.write(`index ${config.indexDir} (${info.documents} documents, embedder ${info.embedder}, answerer ${info.answerer})\n`);
    process.stdout.write(formatEvalTable(report));
    if (!contextRecall) return { summary: report.summary, detail: { file, index: docent.info(), ...report } };
    const recall = await measureContextRecall(items, config, { embedder: docent.embedder });
    process.stdout.write(`\n${formatContextRecall(recall)}`);
    return { summary: { ...report.summary, contextRecall: recall.summary }, detail: { file, index: docent.info(), ...report, contextRecall: recall } };
  } finally {
    await docent.close();
  }
}

async function beir(folder: string, split: string, overrides: ConfigOverrides) {
  const dataset = await loadBeir(folder, split);
  const work = await mkdtemp(join(tmpdir(), "docent-eval-"));
  try {
    const knowledgeDir = await writeCorpusAsKnowledge(dataset.corpus, join(work, "knowledge"));
    const config = withoutChatPlatforms(loadConfig(environment(), { ...overrides, knowledgeDir, indexDir: join(work, "index") }));
    createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel);
    const embedder = await createEmbedder(config.embeddings);
    if (embedder.notice) process.stderr.write(`${embedder.notice}\n`);
    process.stderr.write(`indexing ${dataset.corpus.length} documents into a temporary index…\n`);
    const ingest = await ingestKnowledge(config, embedder);
    const docent = await openDocent(config, { embedder });
    try {
      const scores = await evaluateBeir(docent, dataset);
      process.stdout.write(
        `${folder}: ${dataset.corpus.length} documents (${ingest.totalChunks} chunks), ${scores.queries} ${split} queries, embedder ${embedder.id}\n` +
          `nDCG@10    ${scores.ndcg10.toFixed(3)}\nRecall@100 ${scores.recall100.toFixed(3)}\n`,
      );
      const summary = { dataset: folder, split, documents: dataset.corpus.length, embedder: embedder.id, ...scores };
      return { summary, detail: summary };
    } finally {
      await docent.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

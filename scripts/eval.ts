// npm run eval -- <questions.jsonl | beir-folder> [--knowledge <dir>] [--index <dir>] [--json <out>] [--split test]
//                 [--context-recall]
// A JSONL file of labelled questions is run against the configured (or given) index: retrieval hit@k, MRR
// and nDCG@10 at document level, answer and citation correctness, abstention accuracy, and every failed
// question. With --context-recall, each question is also asked alone through the generated-answer path with
// a recording stand-in for the model on loopback, and the share of answerable questions whose required facts
// were all in the prompt's sources is reported (no model or network needed). A BEIR folder is indexed into a
// temporary index with the real ingest (with DATABASE_URL: an index eval-<corpus>-<pid> in the database,
// removed afterwards) and scored with nDCG@10 and Recall@100, to compare with published tables. The figures
// go to stdout (a table, then one line of JSON); --json also writes them, with per-question detail, to a
// file. Exit 0 once measured, 1 on bad input.
import { stat, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig, withoutChatPlatforms, type ConfigOverrides, type DatabaseConfig } from "../src/config.js";
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
import { describeDatabase } from "../src/core/db/postgres.js";
import { removePostgresIndex } from "../src/core/index-store/postgres/postgres-ingest.js";
import { AppError } from "../src/errors.js";
import { createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run eval -- <questions.jsonl> [--knowledge <dir>] [--index <dir>] [--json <out.json>] [--context-recall]
       npm run eval -- <beir-folder> [--split test] [--json <out.json>]
A JSONL line: {"id", "question", "relevant": [files], "must_contain": [strings], "alt_map": {string: [wordings]}, "unanswerable": bool}; only "question" is required.
--context-recall  also ask each question alone through the language-model answer path, with a stand-in model on
                  127.0.0.1 that records the prompts, and report the share of answerable questions whose
                  must_contain facts (or an alt_map wording) were all in the sources sent, and how many
                  questions never reached the model. Uses LLM_CONTEXT_TOKENS and LLM_MAX_ANSWER_TOKENS.
With DATABASE_URL a question set runs against the index in the database (DATABASE_INDEX, or the last part of
--index's folder), built beforehand with npm run ingest; a BEIR folder is indexed into an index of its own in
the database, eval-<corpus>-<pid>, which is removed afterwards, also when the run fails or is interrupted.`;

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
    process.stdout.write(`index ${describeIndex(config)} (${info.documents} documents, embedder ${info.embedder}, answerer ${info.answerer})\n`);
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
  let database: DatabaseConfig | undefined;
  const cleanup = once(() => removeTemporaryIndex(work, database));
  const stopWatching = cleanUpOnInterrupt(cleanup);
  try {
    const loaded = withoutChatPlatforms(loadConfig(environment(), { ...overrides, knowledgeDir: join(work, "knowledge"), indexDir: join(work, "index") }));
    // With DATABASE_URL the corpus goes into an index of its own, never one the bot serves, and goes away with
    // the temporary folder.
    const config = loaded.database ? { ...loaded, database: { ...loaded.database, index: evalIndexName(folder) } } : loaded;
    database = config.database;
    await writeCorpusAsKnowledge(dataset.corpus, config.knowledgeDir);
    createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel);
    const embedder = await createEmbedder(config.embeddings);
    if (embedder.notice) process.stderr.write(`${embedder.notice}\n`);
    const where = config.database ? ` "${config.database.index}" in ${describeDatabase(config.database.url)}` : "";
    process.stderr.write(`indexing ${dataset.corpus.length} documents into a temporary index${where}…\n`);
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
    stopWatching();
    await cleanup();
  }
}

/** "eval-<corpus folder>-<pid>": says where it came from, and two runs at once do not share it. */
function evalIndexName(folder: string): string {
  const corpus = basename(resolve(folder)).replace(/[^\w.-]+/g, "-").slice(0, 40) || "beir";
  return `eval-${corpus}-${process.pid}`;
}

/** Where the question set's index is, for the line above the table. */
function describeIndex(config: { indexDir: string; database?: Pick<DatabaseConfig, "url" | "index"> }): string {
  return config.database ? `"${config.database.index}" in ${describeDatabase(config.database.url)}` : config.indexDir;
}

/** Removes a BEIR run's temporary folder and its index in the database. A failure to remove is reported with
 * the way to do it by hand, not thrown over the run's own outcome. */
async function removeTemporaryIndex(work: string, database: DatabaseConfig | undefined): Promise<void> {
  if (database)
    await removePostgresIndex(database).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${message}; remove it by hand: DELETE FROM docent_indexes WHERE name = '${database.index}'\n`);
    });
  await rm(work, { recursive: true, force: true });
}

/** Ctrl-C or SIGTERM during a BEIR run still removes its index (a SIGKILL cannot: the index eval-… stays). */
function cleanUpOnInterrupt(cleanup: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`eval: ${signal}: removing the temporary index…\n`);
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

/** `work` runs on the first call only; later calls share its promise (the signal and the finally both clean up). */
function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}

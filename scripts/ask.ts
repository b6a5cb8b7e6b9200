// npm run ask -- "question" [--json] | --stdin   [--knowledge <dir>] [--index <dir>]
// Answers from the terminal; --stdin reads one question per line and writes one JSON object per line,
// loading the index once (for evaluation pipelines).
import { createInterface } from "node:readline";
import { parseCommandLine } from "../src/cli-args.js";
import { environment, loadConfig, withoutChatPlatforms } from "../src/config.js";
import { createAnswerer, createEmbedder, openDocent } from "../src/core/index.js";
import { streamToTerminal } from "../src/adapters/cli/stream-to-terminal.js";
import { isAppError } from "../src/errors.js";
import { createLogger, createRootLogger } from "../src/logger.js";
import { runEntry } from "../src/run-entry.js";

const USAGE = `usage: npm run ask -- [--json] "question"
       npm run ask -- --stdin < questions.txt      (one question per line → one JSON object per line)
options: --knowledge <dir>  --index <dir>`;

runEntry(async () => {
  const { values, positionals, overrides } = parseCommandLine(process.argv.slice(2), {
    json: { type: "boolean" },
    stdin: { type: "boolean" },
  });
  const question = positionals.join(" ").trim();
  if (values.help || (!values.stdin && question === "")) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = withoutChatPlatforms(loadConfig(environment(), overrides));
  // Logs go to stderr: with --json, stdout carries nothing but JSON.
  createRootLogger(config.logLevel === "info" ? "warn" : config.logLevel, config.logFormat);
  const embedder = await createEmbedder(config.embeddings);
  // One readable line at a terminal, as `npm start` and `npm run ingest` print it.
  if (embedder.notice) createLogger("ask").warn(embedder.notice);
  const docent = await openDocent(config, { embedder, answerer: createAnswerer(config) });
  try {
    if (!values.stdin) {
      if (values.json) {
        process.stdout.write(`${JSON.stringify(await docent.ask(question))}\n`);
        return 0;
      }
      // With a language model configured, the answer is printed as it is written.
      const stream = streamToTerminal(process.stdout, { before: "", after: "\n" });
      stream.finish(await docent.ask(question, { onPartial: stream.onPartial }));
      return 0;
    }
    let failures = 0;
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      if (line.trim() === "") continue;
      try {
        process.stdout.write(`${JSON.stringify({ question: line, ...(await docent.ask(line)) })}\n`);
      } catch (error) {
        if (!isAppError(error)) throw error;
        failures++;
        process.stdout.write(`${JSON.stringify({ question: line, error: error.code, message: error.message })}\n`);
      }
    }
    return failures > 0 ? 1 : 0;
  } finally {
    await docent.close();
  }
});

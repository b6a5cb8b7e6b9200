// Streaming in the terminal: through the real core, the generative answerer and the fake model server, the
// interactive prompt prints the answer as it is written, then the rest of it and its sources.
import { PassThrough, Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../src/errors.js";
import { pino } from "pino";
import { ANSWER_FAILED, NOT_RECORDED, runInteractivePrompt } from "../../../src/adapters/cli/interactive-prompt.js";
import { streamToTerminal } from "../../../src/adapters/cli/stream-to-terminal.js";
import { loadConfig } from "../../../src/config.js";
import { createAnswerer, openDocent, openRecordStore, type Answer, type AskService, type Docent, type RecordStore } from "../../../src/core/index.js";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai.js";

let fixture: FixtureDocent;
let fake: FakeOpenAI;
let docent: Docent;

beforeAll(async () => {
  fixture = await openFixtureDocent();
  fake = await startFakeOpenAI();
  const config = loadConfig(
    { EMBEDDINGS_PROVIDER: "hashing", LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" },
    { knowledgeDir: fixture.config.knowledgeDir, indexDir: fixture.config.indexDir },
  );
  docent = await openDocent(config, { embedder: fixture.docent.embedder, answerer: createAnswerer(config) });
});
afterAll(async () => {
  await docent?.close();
  await fake?.close();
  await fixture?.close();
});

function collector() {
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString("utf8"));
      done();
    },
  });
  return { output, writes };
}

const ANSWER_PIECES = ["Install ", "the ", "CLI ", "with ", "npm install -g lumen-cli ", "[1]", ". Then ", "check ", "node --version ", "[1]", "."];

describe("streaming in the terminal", () => {
  it("the interactive prompt prints the answer as it arrives, then completes it with the sources", async () => {
    fake.fallback = () => ({ chunks: ANSWER_PIECES });
    const { output, writes } = collector();
    const records = openRecordStore(":memory:");
    await runInteractivePrompt({ asker: docent, records, historyMaxTurns: 6, input: Readable.from(["How do I install Lumen?\n"]), output });
    records.close();

    expect(fake.requests.at(-1)?.body.stream).toBe(true);
    const all = writes.join("");
    const answer = "Install the CLI with npm install -g lumen-cli [1] and check node --version [1].";
    expect(all.split("Then check node --version [1]")).toHaveLength(2); // printed once, not repeated at the end
    expect(all).toMatch(/\[1\]\.\n\nSources:\n {2}\[1\] Installing Lumen/);
    // Several writes carry the answer's text before the sources arrive: it was printed while written.
    const sourcesAt = writes.findIndex((w) => w.includes("Sources:"));
    const streamed = writes.slice(0, sourcesAt).filter((w) => /Install|with|check|\[1\]/.test(w));
    expect(streamed.length).toBeGreaterThanOrEqual(2);
    expect(writes.slice(0, sourcesAt).join("")).toContain("Install the CLI with npm install -g lumen-cli [1]");
  });

  it("prints the complete answer again when it does not continue what was shown", () => {
    const output = new PassThrough();
    const stream = streamToTerminal(output, { before: "", after: "\n" });
    stream.onPartial("The model said [1]");
    stream.onPartial("Something else entirely");
    const final: Answer = { answer: "Quoted from the docs [1].", citations: [], grounded: true, timings: { retrieveMs: 0, answerMs: 0 } };
    stream.finish(final);
    expect(String(output.read())).toBe("The model said [1]\n\nQuoted from the docs [1].\n");
  });
});

describe("the interactive prompt when something fails", () => {
  const ANSWER: Answer = {
    answer: "Run the installer [1].",
    citations: [{ n: 1, title: "Install guide", section: "", url: "https://docs.example.org/install", file: "install.md", score: 0.9 }],
    grounded: true,
    timings: { retrieveMs: 0, answerMs: 0 },
  };
  function capture() {
    const records: Array<Record<string, any>> = [];
    return { records, logger: pino({ level: "warn" }, { write: (line: string) => void records.push(JSON.parse(line)) }) };
  }
  const memoryRecords = () => openRecordStore(":memory:");

  it("keeps the prompt up after any error, says so briefly, and logs the details", async () => {
    let call = 0;
    const asker: AskService = {
      async ask(_q, options) {
        if (++call === 1) {
          options?.onPartial?.("Half an answ");
          throw new Error("SqliteError: database disk image is malformed");
        }
        return ANSWER;
      },
    };
    const { output, writes } = collector();
    const log = capture();
    const records = memoryRecords();
    await runInteractivePrompt({ asker, records, historyMaxTurns: 6, input: Readable.from(["first?\n", "second?\n"]), output, logger: log.logger });
    records.close();
    const all = writes.join("");
    // The notice starts on its own line, after the partial text, and says nothing of the error itself.
    expect(all).toContain(`Half an answ\n${ANSWER_FAILED}\n`);
    expect(all).not.toContain("malformed");
    expect(all).toContain("Run the installer [1].");
    expect(log.records).toContainEqual(expect.objectContaining({ level: 50, err: expect.objectContaining({ message: expect.stringContaining("malformed") }) }));
  });

  it("answers a question that is too long with its friendly message only: no stack on the terminal or in the log", async () => {
    const asker: AskService = {
      async ask() {
        throw new AppError("question_too_long", "That question is too long (1,599 characters); please keep it under 1,000.");
      },
    };
    const { output, writes } = collector();
    const log = capture();
    const records = memoryRecords();
    await runInteractivePrompt({ asker, records, historyMaxTurns: 6, input: Readable.from([`${"why ".repeat(400)}\n`]), output, logger: log.logger });
    records.close();
    const all = writes.join("");
    expect(all).toContain("docent> That question is too long (1,599 characters); please keep it under 1,000.\ndocent> ");
    expect(all).not.toMatch(/AppError|\n\s+at /);
    expect(log.records).toEqual([]);
  });

  it("shows the whole answer when it cannot be recorded, notes that, and takes the next question", async () => {
    const asker: AskService = { ask: async () => ANSWER };
    const failing = {
      recordAnswer: () => {
        throw new Error("SQLITE_BUSY: database is locked");
      },
    } as unknown as RecordStore;
    const { output, writes } = collector();
    const log = capture();
    await runInteractivePrompt({ asker, records: failing, historyMaxTurns: 6, input: Readable.from(["first?\n", "second?\n"]), output, logger: log.logger });
    const all = writes.join("");
    expect(all.split("Run the installer [1].")).toHaveLength(3); // both questions answered
    expect(all).toMatch(/Sources:\n {2}\[1\] Install guide[^]*\n\(This answer could not be saved/);
    expect(all.split(NOT_RECORDED)).toHaveLength(3);
    expect(all).not.toContain("SQLITE_BUSY");
    expect(log.records.filter((r) => r.msg === "cli: could not record the answer")).toHaveLength(2);
  });
});


describe("formatAnswerForTerminal", () => {
  it("closes a code block the answer left open, so the sources are not read as code", async () => {
    const { formatAnswerForTerminal } = await import("../../../src/adapters/cli/format-answer.js");
    const out = formatAnswerForTerminal({
      answer: "Run:\n~~~sh\nnpm i",
      citations: [{ n: 1, title: "Guide", section: "Install", url: undefined, file: "guide.md", score: 1 }],
      grounded: true,
      timings: { retrieveMs: 0, answerMs: 0 },
    });
    expect(out).toBe("Run:\n~~~sh\nnpm i\n~~~\n\nSources:\n  [1] Guide › Install (guide.md)");
  });
});

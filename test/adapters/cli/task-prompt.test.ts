// The terminal prompt's chat tasks, driven through its input and output streams over a real index:
// /help, /latest [n] [topic], /search with /more, /summarize, unknown commands, and free text as a request
// (ask offline; the agent when a model is configured).
import { Readable, Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInteractivePrompt } from "../../../src/adapters/cli/interactive-prompt.js";
import { PROMPT_HELP } from "../../../src/adapters/cli/format-tasks.js";
import { openRecordStore } from "../../../src/core/index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai.js";
import { openTaskCorpus, type TaskCorpus } from "../../core/tasks/task-corpus.js";

let corpus: TaskCorpus;
beforeAll(async () => {
  corpus = await openTaskCorpus();
});
afterAll(async () => corpus?.close());

async function session(target: TaskCorpus, lines: string[], options: { searchPageSize?: number } = {}) {
  const writes: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      writes.push(chunk.toString("utf8"));
      done();
    },
  });
  const records = openRecordStore(":memory:");
  try {
    await runInteractivePrompt({
      asker: target.docent,
      tasks: target.docent.tasks,
      records,
      historyMaxTurns: 6,
      input: Readable.from(lines.map((l) => `${l}\n`)),
      output,
      ...options,
    });
    return { text: writes.join(""), answers: records.listAnswers() };
  } finally {
    records.close();
  }
}

describe("the terminal prompt's tasks", () => {
  it("/help lists the tasks", async () => {
    const { text } = await session(corpus, ["/help"]);
    expect(text).toContain("type /help for the other tasks");
    expect(text).toContain(PROMPT_HELP);
  });

  it("/latest [n] [topic] lists the newest documents with dates, summaries and links", async () => {
    const { text } = await session(corpus, ["/latest 2", "/latest security"]);
    const [two, security] = text.split("Newest documents").slice(1);
    expect(two).toMatch(/^:\n {2}1\. Contributor guide — \d{4}-\d{2}-\d{2} \(added\)\n {5}Thank you for helping/);
    expect(two).toContain("  2. Security policy — 2024-06-10 (published)\n     Report vulnerabilities privately to the security team at security@example.org.\n     https://example.org/security");
    expect(two).not.toContain("Release process");
    expect(security).toMatch(/^ about "security":\n {2}1\. Security policy/);
    expect(security).not.toContain("Contributor guide");
  });

  it("/search shows a page of documents and /more the next, until the last", async () => {
    const { text } = await session(corpus, ["/more", "/search release", "/more", "/more", "/more"], { searchPageSize: 1 });
    expect(text).toContain("Nothing to continue: search first with /search <words>.");
    const pages = [...text.matchAll(/Documents for "release" \(page (\d) of (\d), (\d) in all\):\n {2}1\. ([^\n]+)/g)];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.map((p) => Number(p[1]))).toEqual(pages.map((_, i) => i + 1));
    expect(new Set(pages.map((p) => p[4])).size).toBe(pages.length);
    expect(pages[0]![4]).toContain("Release process");
    expect(text).toContain('That was the last page for "release".');
  });

  it("/summarize prints the summary, its sections and what each citation points to; a miss names the closest titles", async () => {
    const { text } = await session(corpus, ["/summarize Security policy", "/summarize release guide"]);
    expect(text).toContain("Summary of Security policy — https://example.org/security (security.md):\nReport vulnerabilities privately");
    expect(text).toContain("Sections: Reporting · Disclosure");
    expect(text).toContain("  [2] Reporting");
    expect(text).toMatch(/summarize: no document matches "release guide"\. Closest: .*"Release process"/);
  });

  it("free text is answered as a question, and unknown commands are named", async () => {
    const { text, answers } = await session(corpus, ["/frobnicate now", "How are release tags signed?"]);
    expect(text).toContain("Unknown command /frobnicate. Type /help for the list.");
    // Only the answer is recorded: task listings are not answers.
    expect(answers.map((a) => a.question)).toEqual(["How are release tags signed?"]);
    expect(text).toMatch(/Tags are signed with the release manager's key[^\n]*\[1\]/);
    expect(text).toMatch(/Sources:\n {2}\[1\] Release process › Tagging/);
  });
});

describe("the terminal prompt with a model", () => {
  let fake: FakeOpenAI;
  let withModel: TaskCorpus;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    withModel = await openTaskCorpus({ LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: "0" });
  });
  afterAll(async () => {
    await withModel?.close();
    await fake?.close();
  });

  it("free text is a request the agent handles with the tools", async () => {
    fake.enqueue({ toolCalls: [{ name: "latest", arguments: JSON.stringify({ n: 1, topic: "security" }) }] }, { text: "The newest security document is the Security policy [1]." });
    const { text } = await session(withModel, ["what's new about security?"]);
    expect((fake.requests[0]!.body.tools ?? []).map((t) => t.function.name)).toContain("latest");
    expect(text).toContain("The newest security document is the Security policy [1].");
    expect(text).toMatch(/Sources:\n {2}\[1\] Security policy — https:\/\/example\.org\/security \(security\.md\)/);
  });
});

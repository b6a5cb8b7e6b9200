// Through the real core on the test corpus: a self-contained question asked after an unrelated conversation
// gets exactly the answer it gets when asked alone — with the offline answerer and with a model (whose
// request then carries no history, and whose condense step is not called) — while a real follow-up still
// uses the conversation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createAnswerer, createExtractiveAnswerer, openDocent, type Answer, type Answerer, type Docent, type HistoryTurn } from "../../../src/core/index.js";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { startFakeOpenAI, type FakeOpenAI } from "../../helpers/fake-openai.js";

const UNRELATED: HistoryTurn[] = [
  { role: "user", text: "How do I deploy my site to Netlify?" },
  { role: "assistant", text: "Set the build command to lumen build and the publish directory to dist [1]." },
];
const QUESTION = "What is Lumen?";

let fixture: FixtureDocent;
let fake: FakeOpenAI;
let withModel: Docent;

beforeAll(async () => {
  [fixture, fake] = await Promise.all([openFixtureDocent(), startFakeOpenAI()]);
  const config = loadConfig(
    { EMBEDDINGS_PROVIDER: "hashing", LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" },
    { knowledgeDir: fixture.config.knowledgeDir, indexDir: fixture.config.indexDir },
  );
  withModel = await openDocent(config, { embedder: fixture.docent.embedder, answerer: createAnswerer(config) });
});

afterAll(async () => {
  await withModel?.close();
  await fake?.close();
  await fixture?.close();
});

/** An answer without its timings, which differ from run to run. */
const content = ({ answer, citations, grounded }: Answer) => ({ answer, citations, grounded });

describe("a self-contained question after an unrelated conversation", () => {
  it("gets the offline answerer's answer exactly as when asked alone", async () => {
    const alone = await fixture.docent.ask(QUESTION);
    const after = await fixture.docent.ask(QUESTION, { history: UNRELATED });
    expect(alone.grounded).toBe(true);
    expect(content(after)).toEqual(content(alone));
  });

  it("reaches neither condensing nor the answerer with history, while a real follow-up does (offline answerer)", async () => {
    const seen: { condensed: string[]; answeredWith: number[] } = { condensed: [], answeredWith: [] };
    const inner = createExtractiveAnswerer({ maxChars: fixture.config.answer.maxChars, relevanceFloor: fixture.config.retrieval.relevanceFloor });
    const recording: Answerer = {
      id: inner.id,
      condense: (question, history) => {
        seen.condensed.push(question);
        return inner.condense(question, history);
      },
      answer: (input) => {
        seen.answeredWith.push(input.history.length);
        return inner.answer(input);
      },
    };
    const docent = await openDocent(fixture.config, { embedder: fixture.docent.embedder, answerer: recording });
    try {
      await docent.ask(QUESTION, { history: UNRELATED });
      await docent.ask("And the build command?", { history: UNRELATED });
    } finally {
      await docent.close();
    }
    expect(seen).toEqual({ condensed: ["And the build command?"], answeredWith: [0, 2] });
  });

  it("reaches the model without history and without a condense call, and gets the same answer as alone", async () => {
    fake.requests.length = 0;
    fake.fallback = () => ({ text: "Lumen is a fast static-site generator [1]." });
    const alone = await withModel.ask(QUESTION);
    const after = await withModel.ask(QUESTION, { history: UNRELATED });
    expect(fake.requests).toHaveLength(2);
    const [aloneRequest, afterRequest] = fake.requests.map((r) => r.body);
    // One answer request each: system rules and one user message — no earlier turns, no rewrite request.
    expect(afterRequest!.messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(JSON.stringify(afterRequest)).not.toMatch(/Netlify\?|publish directory to dist \[1\]/);
    expect(afterRequest).toEqual(aloneRequest);
    expect(content(after)).toEqual(content(alone));
    expect(after.grounded).toBe(true);
  });

  it("a real follow-up is condensed by the model and answered with the conversation", async () => {
    fake.requests.length = 0;
    fake.fallback = (request) =>
      request.body.messages[0]!.content.includes("standalone") ? { text: "Which publish directory does Netlify use for Lumen?" } : { text: "It is dist [1]." };
    await withModel.ask("And which directory?", { history: UNRELATED });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]!.body.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
  });
});

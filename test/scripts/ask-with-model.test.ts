// `npm run ask` with a language model configured (LLM_PROVIDER=openai pointed at the tests' fake
// OpenAI-compatible server): the model writes the answer from the retrieved passages, and it is cited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ANSWER, startFakeOpenAI, type FakeOpenAI } from "../helpers/fake-openai.js";
import { runScript } from "../helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let llm: FakeOpenAI;

beforeAll(async () => {
  [kb, llm] = await Promise.all([makeTempKnowledge(), startFakeOpenAI()]);
  const built = await runScript("scripts/ingest.ts", ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir]);
  expect(built.code).toBe(0);
});
afterAll(async () => {
  await Promise.all([kb.cleanup(), llm.close()]);
});

describe("npm run ask with a model configured", () => {
  it("answers with the model's text, citing the sources it was given", async () => {
    const result = await runScript("scripts/ask.ts", ["--index", kb.indexDir, "--json", "How do I install Lumen?"], {
      env: { LLM_PROVIDER: "openai", LLM_BASE_URL: llm.baseUrl, LLM_MODEL: "fake-model" },
    });
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as { answer: string; grounded: boolean; citations: { n: number; file: string }[] };
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toBe(DEFAULT_ANSWER);
    expect(answer.citations[0]).toMatchObject({ n: 1, file: "install.md" });
    expect(llm.requests).toHaveLength(1);
    expect(JSON.stringify(llm.requests[0])).toContain("How do I install Lumen?");
  });
});

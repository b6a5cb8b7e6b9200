// Through the real core on the fixture index: a follow-up is rewritten by the model before retrieval, and the
// rewritten query is what retrieval searches with.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../src/config.js";
import { createAnswerer, openDocent, type Docent, type Embedder } from "../../../../src/core/index.js";
import { openFixtureDocent, type FixtureDocent } from "../../../helpers/docent-fixture.js";
import { lastUserMessage, startFakeOpenAI, type FakeOpenAI } from "../../../helpers/fake-openai.js";

let fixture: FixtureDocent;
let fake: FakeOpenAI;
let docent: Docent;
const retrievalQueries: string[] = [];

beforeAll(async () => {
  fixture = await openFixtureDocent();
  fake = await startFakeOpenAI();
  // The same index, opened again with a generative answerer, and an embedder that records the queries
  // retrieval embeds (with the offline embedder, every query is embedded for the dense side of the fusion).
  const inner = fixture.docent.embedder;
  const embedder: Embedder = {
    ...inner,
    embeddings: Object.assign(Object.create(inner.embeddings), {
      embedQuery: (text: string) => {
        retrievalQueries.push(text);
        return inner.embeddings.embedQuery(text);
      },
    }),
  };
  const config = loadConfig(
    { EMBEDDINGS_PROVIDER: "hashing", LLM_PROVIDER: "openai", LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" },
    { knowledgeDir: fixture.config.knowledgeDir, indexDir: fixture.config.indexDir },
  );
  docent = await openDocent(config, { embedder, answerer: createAnswerer(config) });
});

afterAll(async () => {
  await docent?.close();
  await fake?.close();
  await fixture?.close();
});

describe("follow-ups with a model", () => {
  it("condenses the follow-up with the model and retrieves with the standalone query", async () => {
    fake.fallback = (request) =>
      request.body.messages[0]!.content.includes("standalone")
        ? { text: "How do I deploy a Lumen site to Netlify?" }
        : { text: "Set the build command and the publish directory [1]." };
    const answer = await docent.ask("and what about Netlify?", {
      history: [
        { role: "user", text: "How do I install Lumen?" },
        { role: "assistant", text: "Install it with npm install -g lumen-cli [1]." },
      ],
    });
    expect(fake.requests).toHaveLength(2);
    expect(lastUserMessage(fake.requests[0]!)).toContain("and what about Netlify?");
    expect(retrievalQueries).toEqual(["How do I deploy a Lumen site to Netlify?"]);
    // The answer request asks the member's own words, with sources found for the condensed query.
    const answerRequest = lastUserMessage(fake.requests[1]!);
    expect(answerRequest).toContain("and what about Netlify?");
    expect(answerRequest).toMatch(/<source n="1">\ntitle: [^\n]*Netlify/i);
    expect(answer.grounded).toBe(true);
    expect(answer.citations[0]?.file).toBe("deploy/netlify.md");
  });
});

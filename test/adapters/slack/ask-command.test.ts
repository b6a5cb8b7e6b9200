import { afterEach, describe, expect, it } from "vitest";
import {
  ACTION_SHARE,
  ACTION_VOTE_DOWN,
  ACTION_VOTE_UP,
  BLOCKS_MAX,
  MESSAGE_TEXT_MAX,
  SECTION_TEXT_MAX,
} from "../../../src/adapters/slack/format-answer.js";
import { APOLOGY, TIMEOUT_APOLOGY } from "../../../src/adapters/slack/messages.js";
import { SAMPLE_ANSWER, startHarness, type Harness } from "./harness.js";

interface Block {
  type: string;
  text?: { text: string };
  elements?: Array<{ action_id: string; value: string; text?: unknown }>;
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function answerTo(harness: Harness, question: string, userId?: string) {
  const { status, responseId } = await harness.command(question, { userId });
  expect(status).toBe(200);
  return harness.waitFor(() => harness.fake.responses.find((r) => r.id === responseId), `a response to "${question}"`);
}

function buttonsOf(body: Record<string, unknown>) {
  return (body.blocks as Block[]).find((b) => b.type === "actions")?.elements ?? [];
}

describe("/ask", () => {
  it("acks the command and answers ephemerally through the response_url with answer, sources and buttons", async () => {
    h = await startHarness();
    const response = await answerTo(h, "how do I build the index?");

    expect(h.asks.map((a) => a.question)).toEqual(["how do I build the index?"]);
    expect(response.body.response_type).toBe("ephemeral");
    const json = JSON.stringify(response.body.blocks);
    expect(json).toContain("Set *INDEX_DIR* before running ingest");
    expect(json).toContain("<https://docs.example.org/guide|the guide>");
    expect(json).toContain("*Sources*");
    expect(json).toContain("[1] <https://docs.example.org/indexing|Indexing › Setup>");
    expect(json).toContain("[2] FAQ");
    expect(buttonsOf(response.body).map((e) => e.action_id)).toEqual([ACTION_VOTE_UP, ACTION_VOTE_DOWN, ACTION_SHARE]);
    const stored = h.records.getAnswer(buttonsOf(response.body)[0]!.value);
    expect(stored).toMatchObject({ platform: "slack", channel: "CGENERAL", question: "how do I build the index?" });
  });

  it("answers visibly, without a share button, when ephemeral answers are switched off", async () => {
    h = await startHarness({ askEphemeral: false });
    const response = await answerTo(h, "where is the index?");
    expect(response.body.response_type).toBe("in_channel");
    expect(buttonsOf(response.body).map((e) => e.action_id)).toEqual([ACTION_VOTE_UP, ACTION_VOTE_DOWN]);
  });

  it("reposts the answer in the channel when Share is pressed, then removes the private copy", async () => {
    h = await startHarness();
    const response = await answerTo(h, "how do I build the index?");
    const answerId = buttonsOf(response.body)[0]!.value;

    expect(await h.press(ACTION_SHARE, answerId, { responseId: "share-1" })).toBe(200);
    const posts = await h.waitFor(() => {
      const list = h!.fake.responses.filter((r) => r.id === "share-1");
      return list.length >= 2 && list;
    }, "the shared answer and the deletion");
    expect(posts[0]!.body).toMatchObject({ response_type: "in_channel", replace_original: false });
    const json = JSON.stringify(posts[0]!.body.blocks);
    expect(json).toContain("<@UASKER> shared an answer to: how do I build the index?");
    expect(json).toContain("Set *INDEX_DIR*");
    expect(buttonsOf(posts[0]!.body).map((e) => e.action_id)).toEqual([ACTION_VOTE_UP, ACTION_VOTE_DOWN]);
    expect(posts[1]!.body).toMatchObject({ delete_original: true });
  });

  it("tells the member when the question is too long, without asking the core", async () => {
    h = await startHarness({ limits: { maxQuestionChars: 50 } });
    const response = await answerTo(h, "x".repeat(51));
    expect(response.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(response.body.text)).toContain("51 characters");
    expect(h.asks).toHaveLength(0);
  });

  it("shows usage for an empty /ask", async () => {
    h = await startHarness();
    const response = await answerTo(h, "   ");
    expect(String(response.body.text)).toContain("/ask how do I");
    expect(h.asks).toHaveLength(0);
  });

  it("gives a member over the rate limit an ephemeral notice, and other members still get answers", async () => {
    h = await startHarness({ rateLimit: 1 });
    await answerTo(h, "first question");
    const limited = await answerTo(h, "second question");
    expect(limited.body.response_type).toBe("ephemeral");
    expect(String(limited.body.text)).toMatch(/Please wait \d+ s/);
    const other = await answerTo(h, "another member's question", "UOTHER");
    expect(JSON.stringify(other.body.blocks)).toContain("INDEX_DIR");
    expect(h.asks.map((a) => a.question)).toEqual(["first question", "another member's question"]);
  });

  it("apologises when the core throws, logs it, and keeps answering", async () => {
    let fail = true;
    h = await startHarness({
      asker: {
        ask: async () => {
          if (fail) throw new Error("index exploded");
          return SAMPLE_ANSWER;
        },
      },
    });
    const apology = await answerTo(h, "will this break?");
    expect(apology.body).toMatchObject({ response_type: "ephemeral", text: APOLOGY });
    expect(JSON.stringify(apology.body)).not.toContain("exploded");
    expect(h.logs.some((l) => l.msg === "slack: the core failed to answer" && l.via === "command")).toBe(true);

    fail = false;
    const answer = await answerTo(h, "and now?");
    expect(JSON.stringify(answer.body.blocks)).toContain("INDEX_DIR");
  });

  it("apologises when the core does not answer in time", async () => {
    h = await startHarness({ asker: { ask: () => new Promise(() => undefined) }, limits: { timeoutMs: 100 } });
    const response = await answerTo(h, "slow question");
    expect(response.body.text).toBe(TIMEOUT_APOLOGY);
  });

  it("fits a very long answer into Slack's block limits, cut cleanly with a pointer to the sources", async () => {
    const paragraph = "This paragraph explains **one** detail of the setup at length, see [the docs](https://docs.example.org/a). ";
    const long = Array.from({ length: 400 }, (_, i) => `${i}. ${paragraph}`).join("\n\n");
    h = await startHarness({ asker: { ask: async () => ({ ...SAMPLE_ANSWER, answer: long }) } });
    const response = await answerTo(h, "tell me everything");

    const blocks = response.body.blocks as Block[];
    expect(blocks.length).toBeLessThanOrEqual(BLOCKS_MAX);
    for (const block of blocks) if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SECTION_TEXT_MAX);
    expect(String(response.body.text).length).toBeLessThanOrEqual(MESSAGE_TEXT_MAX);
    const sections = blocks.filter((b) => b.type === "section");
    expect(sections.at(-1)?.text?.text).toContain("shortened to fit in Slack");
    expect(sections.at(-1)?.text?.text).toContain("<https://docs.example.org/indexing|Indexing>");
    expect(blocks.some((b) => b.type === "context" && JSON.stringify(b).includes("*Sources*"))).toBe(true);
    expect(blocks.some((b) => b.type === "actions")).toBe(true);
  });
});

// Streaming answers in Discord: the reply is edited as text arrives, throttled per message, and ends as the
// complete message with sources and vote buttons. The asker emits partials the way the core does (onPartial).
import { afterEach, describe, expect, it } from "vitest";
import type { Answer, AskService } from "../../../src/core/index.js";
import { BOT_ID, CHANNEL_ID, type RecordedRequest } from "../../helpers/fake-discord.js";
import { ALICE, INSTALL_ANSWER, editOf, expectNoMentionsAnywhere, postIn, startHarness, type Harness } from "./harness.js";
import { streamingAsker } from "../../helpers/streaming-asker.js";

const PIECES = ["Run ", "the ", "install ", "script, ", "then ", "set ", "DOCENT_TOKEN ", "[1]."];
const pieceAsker = (between?: (i: number) => Promise<unknown>, final: Answer = INSTALL_ANSWER) => streamingAsker(PIECES, final, between);

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expectNoMentionsAnywhere(harness.fake);
  await harness?.close();
  harness = undefined;
});

const isFinal = (r: Pick<RecordedRequest, "body">) => Array.isArray(r.body?.components) && r.body.components.length > 0;
const unfinished = (content: string) => content.replace(/ …$/, "");

describe("streamed answers in Discord", { timeout: 20_000 }, () => {
  it("/ask: with a long interval, one progress edit and then the complete answer (throttled)", async () => {
    harness = await startHarness({ asker: pieceAsker(), limits: { streamEditIntervalMs: 60_000 } });
    const interaction = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    await harness.fake.waitForRequest((r) => editOf(interaction)(r) && isFinal(r));
    const edits = harness.fake.requests.filter(editOf(interaction));
    expect(edits).toHaveLength(2);
    expect(edits[0]!.body.content).toBe("Run …");
    expect(edits[0]!.body.allowed_mentions.parse).toEqual([]);
    expect(edits[1]!.body.content).toBe(INSTALL_ANSWER.answer);
    expect(edits[1]!.body.embeds[0].title).toBe("Sources");
  });

  it("/ask: each partial the interval allows becomes an edit, each a prefix of the final answer", async () => {
    let interaction: { token: string } | undefined;
    // The next partial comes only once the fake has received the edit for this one, so no partial is coalesced.
    const asker = pieceAsker((i) => harness!.fake.waitForRequests(editOf(interaction!), i + 1));
    harness = await startHarness({ asker, limits: { streamEditIntervalMs: 1 } });
    interaction = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    await harness.fake.waitForRequest((r) => editOf(interaction!)(r) && isFinal(r));
    const edits = harness.fake.requests.filter(editOf(interaction));
    expect(edits).toHaveLength(PIECES.length + 1);
    const partials = edits.slice(0, -1).map((e) => e.body.content as string);
    for (const [i, content] of partials.entries()) {
      expect(content.endsWith(" …")).toBe(true);
      expect(INSTALL_ANSWER.answer.startsWith(unfinished(content))).toBe(true);
      if (i > 0) expect(unfinished(content).length).toBeGreaterThan(unfinished(partials[i - 1]!).length);
    }
    const final = edits.at(-1)!.body;
    expect(final.content).toBe(INSTALL_ANSWER.answer);
    expect(final.components[0].components).toHaveLength(2);
  });

  it("mention: posts the first partial in the thread, edits it, and finishes it with sources and buttons", async () => {
    harness = await startHarness({ asker: pieceAsker(), limits: { streamEditIntervalMs: 60_000 } });
    const { fake } = harness;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}> How do I install it?`, mentionBot: true });
    const threadId = question.id;
    const editsOf = (r: RecordedRequest) => r.method === "PATCH" && r.path.startsWith(`/channels/${threadId}/messages/`);
    const final = await fake.waitForRequest((r) => editsOf(r) && isFinal(r));

    const posts = fake.requests.filter(postIn(threadId));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.content).toBe("Run …");
    expect(final.path).toBe(`/channels/${threadId}/messages/${posts[0]!.response.id}`);
    expect(fake.requests.filter(editsOf)).toHaveLength(1);
    expect(final.body.content).toBe(INSTALL_ANSWER.answer);
    expect(final.body.embeds[0].description).toContain("Install guide");
    expect(final.body.allowed_mentions.parse).toEqual([]);
  });

  it("mention: a failure after partials deletes the unfinished answer and apologises silently, out of the history", async () => {
    let call = 0;
    const asker: AskService & { histories: unknown[] } = {
      histories: [],
      async ask(_q, options) {
        asker.histories.push(options?.history);
        if (++call > 1) return INSTALL_ANSWER;
        options?.onPartial?.("Run the install");
        await harness!.fake.waitForRequest(postIn(question.id));
        throw new Error("boom");
      },
    };
    harness = await startHarness({ asker, limits: { streamEditIntervalMs: 60_000 } });
    const { fake } = harness;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}> How do I install it?`, mentionBot: true });
    const [partial, apology] = await fake.waitForRequests(postIn(question.id), 2);
    expect(partial!.body.content).toBe("Run the install …");
    const deleted = fake.requests.find((r) => r.method === "DELETE");
    expect(deleted?.path).toBe(`/channels/${question.id}/messages/${partial!.response.id}`);
    expect(apology!.body.content).toMatch(/^Sorry — I couldn't answer that/);
    expect(apology!.body.flags).toBe(4096);
    expect(fake.requests.filter((r) => r.method === "PATCH" && r.path.startsWith(`/channels/${question.id}/messages/`))).toHaveLength(0);

    // A follow-up sees the question, not the apology, as the conversation so far.
    fake.sendMessage({ channelId: question.id, author: ALICE, content: "and then?" });
    await fake.waitForRequests(postIn(question.id), 3);
    expect(asker.histories[1]).toEqual([{ role: "user", text: "How do I install it?" }]);
  });

  it("mention: when the finished answer cannot be sent, the unfinished one is replaced by a silent apology", async () => {
    harness = await startHarness({ asker: pieceAsker(), limits: { streamEditIntervalMs: 60_000 } });
    const { fake } = harness;
    fake.failNext((r) => r.method === "PATCH" && isFinal(r));
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}> How do I install it?`, mentionBot: true });
    const [partial, apology] = await fake.waitForRequests(postIn(question.id), 2);
    expect(partial!.body.content).toBe("Run …");
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path === `/channels/${question.id}/messages/${partial!.response.id}`)).toBe(true);
    expect(apology!.body.content).toMatch(/^Sorry/);
    expect(apology!.body.flags).toBe(4096);
  });

  it("DM: when the answer cannot be sent at all, a silent apology replies to the question", async () => {
    harness = await startHarness({ limits: { streamEditIntervalMs: 60_000 } });
    const { fake } = harness;
    const dm = fake.openDm(ALICE);
    fake.failNext((r) => r.method === "POST" && r.path === `/channels/${dm}/messages` && Array.isArray(r.body?.components) && r.body.components.length > 0);
    const question = fake.sendMessage({ channelId: dm, author: ALICE, content: "how do I install it?" });
    const [refused, apology] = await fake.waitForRequests(postIn(dm), 2);
    expect(refused!.body.content).toBe(INSTALL_ANSWER.answer);
    expect(apology!.body.content).toMatch(/^Sorry/);
    expect(apology!.body.flags).toBe(4096);
    expect(apology!.body.message_reference?.message_id).toBe(question.id);
  });
});

// Streaming answers in Slack: mentions and DMs post the first partial and update it (chat.update), /ask
// replaces its response through the response_url; all throttled, all ending with the complete answer.
import { afterEach, describe, expect, it } from "vitest";
import { RESPONSE_URL_PARTIALS } from "../../../src/adapters/slack/stream-reply.js";
import type { AskService } from "../../../src/core/index.js";
import { BOT_USER_ID } from "../../helpers/fake-slack.js";
import { SAMPLE_ANSWER, startHarness, userMessage, type Harness } from "./harness.js";
import { streamingAsker } from "../../helpers/streaming-asker.js";

const PIECES = ["Set ", "INDEX_DIR ", "before ", "running ", "ingest ", "[1]."];
const pieceAsker = (between?: (i: number) => Promise<unknown>) => streamingAsker(PIECES, SAMPLE_ANSWER, between);

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MENTION = `<@${BOT_USER_ID}>`;
const hasVoteButtons = (args: Record<string, unknown>) => JSON.stringify(args.blocks ?? []).includes("docent_vote_up");

describe("streamed answers in Slack", () => {
  it("mention: with a long interval, posts one partial and updates it once into the complete answer", async () => {
    h = await startHarness({ asker: pieceAsker(), limits: { streamEditIntervalMs: 60_000 } });
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "100.000001", text: `${MENTION} how do I build the index?` }));
    const final = await h.waitFor(() => h!.fake.callsOf("chat.update").find((c) => hasVoteButtons(c.args)), "final update");

    const posts = h.fake.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args).toMatchObject({ channel: "CHELP", thread_ts: "100.000001", text: "Set …" });
    expect(h.fake.callsOf("chat.update")).toHaveLength(1);
    const postedTs = h.fake.messages.find((m) => m.channel === "CHELP" && m.thread_ts === "100.000001")?.ts;
    expect(final.args).toMatchObject({ channel: "CHELP", ts: postedTs });
    expect(JSON.stringify(final.args.blocks)).toContain("Set *INDEX_DIR* before running ingest");
    expect(JSON.stringify(final.args.blocks)).toContain("Sources");
  });

  it("DM: each partial the interval allows becomes an update, each a prefix of the next", async () => {
    // The next partial comes only once the fake has seen this one, so none is coalesced.
    const shown = () => h!.fake.callsOf("chat.postMessage").length + h!.fake.callsOf("chat.update").length;
    const asker = pieceAsker((i) => h!.waitFor(() => shown() >= i + 1, `partial ${i + 1}`));
    h = await startHarness({ asker, limits: { streamEditIntervalMs: 1 } });
    await h.event(userMessage(h, { channel: "DCHAT", ts: "300.000001", text: "how do I build the index?" }));
    await h.waitFor(() => h!.fake.callsOf("chat.update").find((c) => hasVoteButtons(c.args)), "final update");

    const updates = h.fake.callsOf("chat.update");
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(1);
    expect(updates).toHaveLength(PIECES.length);
    const partials = [h.fake.callsOf("chat.postMessage")[0]!.args.text, ...updates.slice(0, -1).map((u) => u.args.text)] as string[];
    for (const [i, text] of partials.entries()) {
      expect(text.endsWith(" …")).toBe(true);
      if (i > 0) expect(text.replace(/ …$/, "").startsWith(partials[i - 1]!.replace(/ …$/, ""))).toBe(true);
    }
    expect(hasVoteButtons(updates.at(-1)!.args)).toBe(true);
  });

  it("/ask: replaces its response as text arrives, within the response_url's five uses, ending complete", async () => {
    let responseId = "";
    const asker = pieceAsker((i) => h!.waitFor(() => h!.fake.responses.filter((r) => r.id === responseId).length >= Math.min(i + 1, RESPONSE_URL_PARTIALS), `response ${i + 1}`));
    h = await startHarness({ asker, limits: { streamEditIntervalMs: 1 } });
    responseId = "stream-1";
    await h.command("how do I build the index?", { responseId });
    const final = await h.waitFor(() => h!.fake.responses.find((r) => r.id === responseId && hasVoteButtons(r.body)), "final response");

    const responses = h.fake.responses.filter((r) => r.id === responseId);
    expect(responses).toHaveLength(RESPONSE_URL_PARTIALS + 1);
    expect(responses.length).toBeLessThanOrEqual(5);
    expect(responses[0]!.body).toMatchObject({ response_type: "ephemeral", replace_original: false, text: "Set …" });
    for (const r of responses.slice(1)) expect(r.body.replace_original).toBe(true);
    expect(responses.at(-1)).toBe(final);
    expect(JSON.stringify(final.body.blocks)).toContain("Set *INDEX_DIR* before running ingest");
  });

  it("/ask in the channel: a failure after partials replaces them with the notice, in_channel like them", async () => {
    const asker: AskService = {
      async ask(_question, options) {
        options?.onPartial?.("Set INDEX_DIR");
        await h!.waitFor(() => h!.fake.responses.some((r) => r.id === "fail-1"), "the partial");
        throw new Error("boom");
      },
    };
    h = await startHarness({ asker, askEphemeral: false, limits: { streamEditIntervalMs: 1 } });
    await h.command("how do I build the index?", { responseId: "fail-1" });
    const notice = await h.waitFor(() => h!.fake.responses.filter((r) => r.id === "fail-1")[1], "the notice");
    const [partial] = h.fake.responses.filter((r) => r.id === "fail-1");
    expect(partial!.body).toMatchObject({ response_type: "in_channel", replace_original: false, text: "Set INDEX_DIR …" });
    expect(notice.body).toMatchObject({ response_type: "in_channel", replace_original: true });
    expect(notice.body.text).toMatch(/^Sorry/);
  });
});

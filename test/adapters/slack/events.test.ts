import { afterEach, describe, expect, it } from "vitest";
import { PROGRESS_REACTION } from "../../../src/adapters/slack/listeners/events/answer-message.js";
import { APOLOGY } from "../../../src/adapters/slack/messages.js";
import { BOT_ID, BOT_USER_ID } from "../../helpers/fake-slack.js";
import { SAMPLE_ANSWER, startHarness, userMessage, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const MENTION = `<@${BOT_USER_ID}>`;

function answersIn(harness: Harness, channel: string, threadTs: string) {
  return harness.fake.callsOf("chat.postMessage").filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);
}

async function waitForAnswer(harness: Harness, channel: string, threadTs: string, count = 1) {
  return harness.waitFor(() => {
    const found = answersIn(harness, channel, threadTs);
    return found.length >= count && found;
  }, `answer ${count} in ${channel}/${threadTs}`);
}

describe("mentions, threads and DMs", () => {
  it("answers a mention in the thread of the message, showing progress while it works", async () => {
    h = await startHarness();
    const status = await h.event(
      userMessage(h, { type: "app_mention", channel: "CHELP", ts: "100.000001", text: `${MENTION} how do I build the index?` }),
    );
    expect(status).toBe(200);

    const [answer] = await waitForAnswer(h, "CHELP", "100.000001");
    expect(h.asks.map((a) => a.question)).toEqual(["how do I build the index?"]);
    expect(JSON.stringify(answer!.args.blocks)).toContain("Set *INDEX_DIR* before running ingest");
    expect(JSON.stringify(answer!.args.blocks)).toContain("docent_vote_up");
    await h.waitFor(() => h!.fake.callsOf("reactions.remove").length > 0, "progress removed");
    expect(h.fake.callsOf("reactions.add")[0]?.args).toMatchObject({ channel: "CHELP", timestamp: "100.000001", name: PROGRESS_REACTION });
  });

  it("treats a reply in an answered thread as a follow-up and passes the thread's history to the core", async () => {
    h = await startHarness();
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "200.000001", text: `${MENTION} what is INDEX_DIR?` }));
    await waitForAnswer(h, "CHELP", "200.000001");

    await h.event(userMessage(h, { channel: "CHELP", ts: "200.000009", threadTs: "200.000001", text: "and where does it default to?" }));
    await waitForAnswer(h, "CHELP", "200.000001", 2);

    expect(h.asks[1]?.question).toBe("and where does it default to?");
    const history = h.asks[1]?.options?.history ?? [];
    expect(history.map((t) => t.role)).toEqual(["user", "assistant"]);
    expect(history[0]?.text).toBe("what is INDEX_DIR?");
    expect(history[1]?.text).toContain("Set *INDEX_DIR* before running ingest");
  });

  it("bounds the history to the configured number of turns", async () => {
    h = await startHarness({ limits: { historyMaxTurns: 2 } });
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "250.000001", text: `${MENTION} first` }));
    await waitForAnswer(h, "CHELP", "250.000001");
    await h.event(userMessage(h, { channel: "CHELP", ts: "250.000010", threadTs: "250.000001", text: "second" }));
    await waitForAnswer(h, "CHELP", "250.000001", 2);
    await h.event(userMessage(h, { channel: "CHELP", ts: "250.000020", threadTs: "250.000001", text: "third" }));
    await waitForAnswer(h, "CHELP", "250.000001", 3);

    const history = h.asks[2]?.options?.history ?? [];
    expect(history).toHaveLength(2);
    expect(history[0]).toEqual({ role: "user", text: "second" });
    expect(history[1]?.role).toBe("assistant");
  });

  it("recognises a thread it answered in before a restart by reading the thread", async () => {
    h = await startHarness();
    h.fake.messages.push(
      { channel: "CHELP", ts: "300.000001", user: "UASKER", text: `${MENTION} old question` },
      { channel: "CHELP", ts: "300.000002", thread_ts: "300.000001", user: BOT_USER_ID, bot_id: BOT_ID, text: "old answer" },
    );
    await h.event(userMessage(h, { channel: "CHELP", ts: "300.000005", threadTs: "300.000001", text: "follow-up after restart" }));
    await waitForAnswer(h, "CHELP", "300.000001");
    expect(h.asks[0]?.options?.history).toEqual([
      { role: "user", text: "old question" },
      { role: "assistant", text: "old answer" },
    ]);
  });

  it("ignores channel messages that neither mention it nor reply in a thread it answered in", async () => {
    h = await startHarness();
    h.fake.messages.push({ channel: "CHELP", ts: "400.000001", user: "UOTHER", text: "people talking" });
    await h.event(userMessage(h, { channel: "CHELP", ts: "400.000002", threadTs: "400.000001", text: "a reply between people" }));
    await h.event(userMessage(h, { channel: "CHELP", ts: "400.000003", text: "a top-level message" }));
    await h.waitForLog("slack: message not addressed to the app", 2);
    expect(h.asks).toHaveLength(0);
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("answers a DM in the DM, and a follow-up in the DM thread with its history", async () => {
    h = await startHarness();
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "500.000001", text: "how do I build the index?" }));
    await waitForAnswer(h, "DMEMBER", "500.000001");
    expect(h.asks[0]?.question).toBe("how do I build the index?");

    await h.event(userMessage(h, { channel: "DMEMBER", ts: "500.000010", threadTs: "500.000001", text: "thanks, and then?" }));
    await waitForAnswer(h, "DMEMBER", "500.000001", 2);
    expect(h.asks[1]?.options?.history?.map((t) => t.role)).toEqual(["user", "assistant"]);
  });

  it("never answers bot messages or its own messages", async () => {
    h = await startHarness();
    await h.event({ type: "message", channel: "DMEMBER", user: BOT_USER_ID, text: "my own answer", ts: "600.000001", channel_type: "im" });
    await h.event({ type: "message", subtype: "bot_message", channel: "DMEMBER", bot_id: "BOTHER", text: `${MENTION} hi`, ts: "600.000002", channel_type: "im" });
    await h.event({ type: "app_mention", channel: "CHELP", user: "UOTHERBOT", bot_id: "BOTHER", text: `${MENTION} hi`, ts: "600.000003" });
    // A real question afterwards: once it is answered, the events sent before it have long been handled.
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "600.000009", text: "a real question" }));
    await waitForAnswer(h, "DMEMBER", "600.000009");
    expect(h.asks.map((a) => a.question)).toEqual(["a real question"]);
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(1);
  });

  it("answers a retried event (X-Slack-Retry-Num) once", async () => {
    h = await startHarness();
    const event = userMessage(h, { type: "app_mention", channel: "CHELP", ts: "700.000001", text: `${MENTION} once please` });
    await h.event(event, { eventId: "EvRETRY" });
    // Slack signs each delivery when it sends it: the retry carries a later timestamp (an identical copy is a replay).
    const later = Math.floor(Date.now() / 1000) + 1;
    await h.event(event, { eventId: "EvRETRY", timestamp: later, headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    await h.waitForLog("slack: duplicate delivery ignored");
    await waitForAnswer(h, "CHELP", "700.000001");
    expect(h.asks).toHaveLength(1);
    expect(answersIn(h, "CHELP", "700.000001")).toHaveLength(1);
  });

  it("answers a message delivered as both app_mention and message once", async () => {
    h = await startHarness();
    const fields = { channel: "CHELP", ts: "800.000001", text: `${MENTION} twins?` };
    await h.event(userMessage(h, { ...fields, type: "message" }));
    await h.event(userMessage(h, { ...fields, type: "app_mention" }));
    await h.waitForLog("slack: duplicate delivery ignored");
    await waitForAnswer(h, "CHELP", "800.000001");
    expect(h.asks).toHaveLength(1);
    expect(answersIn(h, "CHELP", "800.000001")).toHaveLength(1);
  });

  it("apologises in the thread when the core throws, and keeps running", async () => {
    let fail = true;
    h = await startHarness({
      asker: {
        ask: async () => {
          if (fail) throw new Error("boom");
          return SAMPLE_ANSWER;
        },
      },
    });
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "900.000001", text: `${MENTION} break` }));
    const [apology] = await waitForAnswer(h, "CHELP", "900.000001");
    expect(apology!.args.text).toBe(APOLOGY);
    expect(h.logs.some((l) => l.msg === "slack: the core failed to answer" && l.channel === "CHELP")).toBe(true);

    fail = false;
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "900.000005", text: `${MENTION} again` }));
    const [answer] = await waitForAnswer(h, "CHELP", "900.000005");
    expect(JSON.stringify(answer!.args.blocks)).toContain("INDEX_DIR");
  });

  it("sends a member over the rate limit an ephemeral notice instead of an answer", async () => {
    h = await startHarness({ rateLimit: 1 });
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "950.000001", text: `${MENTION} one` }));
    await waitForAnswer(h, "CHELP", "950.000001");
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "950.000002", text: `${MENTION} two` }));
    const [notice] = await h.waitFor(() => {
      const list = h!.fake.callsOf("chat.postEphemeral");
      return list.length > 0 && list;
    }, "the rate-limit notice");
    expect(notice!.args).toMatchObject({ channel: "CHELP", user: "UASKER" });
    expect(String(notice!.args.text)).toMatch(/Please wait \d+ s/);
    expect(h.asks).toHaveLength(1);
    expect(answersIn(h, "CHELP", "950.000002")).toHaveLength(0);
  });

  it("still answers when it cannot add the progress reaction", async () => {
    h = await startHarness();
    h.fake.failMethod("reactions.add", "missing_scope");
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "980.000001", text: "question" }));
    await waitForAnswer(h, "DMEMBER", "980.000001");
    expect(h.asks).toHaveLength(1);
  });
});

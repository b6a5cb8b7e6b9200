import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { BOT_ID, CHANNEL_ID, OTHER_CHANNEL_ID } from "../../helpers/fake-discord.js";
import { ALICE, BOB, INSTALL_ANSWER, OTHER_BOT, expectNoMentionsAnywhere, postIn, recordingAsker, scriptedAsker, startHarness, type Harness } from "./harness.js";

let fixture: FixtureDocent | undefined;
beforeAll(async () => {
  fixture = await openFixtureDocent();
});
afterAll(() => fixture?.close());

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expectNoMentionsAnywhere(harness.fake);
  await harness?.close();
  harness = undefined;
});

const mention = (text: string) => `<@${BOT_ID}> ${text}`;

describe("questions by message", { timeout: 20_000 }, () => {
  it("answers a mention in a thread started from the message, showing typing meanwhile", async () => {
    const asker = recordingAsker(fixture!.docent);
    harness = await startHarness({ asker });
    const { fake } = harness;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("What Node version does Lumen need?"), mentionBot: true });

    // A thread started from a message takes the message's id.
    const answer = await fake.waitForRequest(postIn(question.id));
    const threadCall = fake.requests.find((r) => r.path === `/channels/${CHANNEL_ID}/messages/${question.id}/threads`);
    expect(threadCall?.body.name).toBe("What Node version does Lumen need?");
    expect(fake.requests.some((r) => r.path === `/channels/${question.id}/typing`)).toBe(true);
    expect(asker.calls).toEqual([{ question: "What Node version does Lumen need?", history: [] }]);
    expect(answer.body.content).toContain("Lumen needs Node 20 or newer.");
    expect(answer.body.embeds[0].description).toContain("[Installing Lumen](https://lumen.example.org/docs/install) — Requirements");
    expect(answer.body.components[0].components).toHaveLength(2);
    expect(expectNoMentionsAnywhere(fake)).toBeGreaterThan(0);
  });

  it("answers a follow-up in its thread without a mention, passing the thread's earlier turns as history", async () => {
    const asker = recordingAsker(fixture!.docent);
    harness = await startHarness({ asker });
    const { fake } = harness;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("How do I install Lumen?"), mentionBot: true });
    const first = await fake.waitForRequest(postIn(question.id));

    fake.sendMessage({ channelId: question.id, author: BOB, content: "and which Node version does it need?" });
    const [, followUpAnswer] = await fake.waitForRequests(postIn(question.id), 2);
    expect(asker.calls[1]).toEqual({
      question: "and which Node version does it need?",
      history: [
        { role: "user", text: "How do I install Lumen?" },
        { role: "assistant", text: first.body.content },
      ],
    });
    expect(followUpAnswer!.body.content).toContain("Node 20");
    // The follow-up replies to the member's message inside the thread.
    expect(followUpAnswer!.body.message_reference).toBeDefined();
  });

  it("bounds the history to the configured number of turns", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, limits: { historyMaxTurns: 1 } });
    const { fake } = harness;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("how do I install it?"), mentionBot: true });
    await fake.waitForRequest(postIn(question.id));
    fake.sendMessage({ channelId: question.id, author: ALICE, content: "and on Windows?" });
    await fake.waitForRequests(postIn(question.id), 2);
    expect(asker.calls[1]!.history).toEqual([{ role: "assistant", text: INSTALL_ANSWER.answer }]);
  });

  it("passes readable text, not raw mention tokens, to the core and the thread name", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker });
    const { fake } = harness;
    const content = `<@${BOT_ID}> <@${ALICE.id}> asks: is <#${CHANNEL_ID}> the place for <:party:123456789012345678> and <@111111111111111111>?`;
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content, mentionBot: true });
    await fake.waitForRequest(postIn(question.id));
    const expected = "@alice asks: is #help the place for :party: and @someone?";
    expect(asker.calls.map((c) => c.question)).toEqual([expected]);
    const threadCall = fake.requests.find((r) => r.path === `/channels/${CHANNEL_ID}/messages/${question.id}/threads`);
    expect(threadCall?.body.name).toBe(expected);

    // The member's turns in a follow-up's history read the same way.
    fake.sendMessage({ channelId: question.id, author: ALICE, content: "and then?" });
    await fake.waitForRequests(postIn(question.id), 2);
    expect(asker.calls[1]!.history[0]).toEqual({ role: "user", text: expected });
  });

  it("answers a DM in the DM", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker });
    const dm = harness.fake.openDm(ALICE);
    harness.fake.sendMessage({ channelId: dm, author: ALICE, content: "how do I install it?" });
    const answer = await harness.fake.waitForRequest(postIn(dm));
    expect(answer.body.content).toBe(INSTALL_ANSWER.answer);
    expect(asker.calls.map((c) => c.question)).toEqual(["how do I install it?"]);
  });

  it("ignores other bots, and its own messages echoed back", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker });
    const { fake } = harness;
    const fromBot = fake.sendMessage({ channelId: CHANNEL_ID, author: OTHER_BOT, content: mention("loop with me?"), mentionBot: true });
    // A human question sent afterwards: once it is answered, the bot's message has long been handled.
    const sentinel = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("how do I install it?"), mentionBot: true });
    await fake.waitForRequest(postIn(sentinel.id));
    expect(asker.calls.map((c) => c.question)).toEqual(["how do I install it?"]);
    expect(fake.requests.some((r) => r.path.includes(fromBot.id))).toBe(false);
  });

  it("replies to an empty mention with a one-line hint", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker });
    harness.fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}>`, mentionBot: true });
    const hint = await harness.fake.waitForRequest(postIn(CHANNEL_ID));
    expect(hint.body.content).toContain("/ask");
    expect(hint.body.content).not.toContain("\n");
    expect(hint.body.flags).toBe(4096); // sent silently
    expect(asker.calls).toHaveLength(0);
  });

  it("tells a member over the rate limit quietly, and answers nothing more", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, ratePerMinute: 1 });
    const { fake } = harness;
    const first = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("how do I install it?"), mentionBot: true });
    await fake.waitForRequest(postIn(first.id));
    const second = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("and then?"), mentionBot: true });
    const notice = await fake.waitForRequest((r) => postIn(CHANNEL_ID)(r) && r.body.message_reference?.message_id === second.id);
    expect(notice.body.content).toMatch(/ask again in about \d+ s/);
    expect(notice.body.flags).toBe(4096);
    expect(asker.calls).toHaveLength(1);
  });

  it("ignores mentions outside the allowed channels and when mentions are switched off", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, config: { allowedChannels: [CHANNEL_ID] } });
    const { fake } = harness;
    fake.sendMessage({ channelId: OTHER_CHANNEL_ID, author: ALICE, content: mention("not here?"), mentionBot: true });
    const sentinel = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("here?"), mentionBot: true });
    await fake.waitForRequest(postIn(sentinel.id));
    expect(asker.calls.map((c) => c.question)).toEqual(["here?"]);
    await harness.close();

    const quiet = scriptedAsker();
    harness = await startHarness({ asker: quiet, config: { answerMentions: false } });
    harness.fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("anyone?"), mentionBot: true });
    const dm = harness.fake.openDm(ALICE);
    harness.fake.sendMessage({ channelId: dm, author: ALICE, content: "still there?" });
    await harness.fake.waitForRequest(postIn(dm));
    expect(quiet.calls.map((c) => c.question)).toEqual(["still there?"]);
  });
});

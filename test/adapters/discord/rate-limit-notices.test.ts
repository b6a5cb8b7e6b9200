// Rate-limit refusals are limited themselves: a member who keeps asking while over the limit is told once per
// window, not once per message (25 excess messages used to cause 25 notices).
import { afterEach, describe, expect, it } from "vitest";
import { BOT_ID, CHANNEL_ID } from "../../helpers/fake-discord.js";
import { ALICE, BOB, callbackOf, editOf, postIn, scriptedAsker, startHarness, type Harness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const mention = (text: string) => `<@${BOT_ID}> ${text}`;
const NOTICE = /ask again in about \d+ s/;

describe("rate-limit notices", { timeout: 30_000 }, () => {
  it("sends one notice for 25 excess mentions, and keeps answering other members", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, ratePerMinute: 1 });
    const { fake } = harness;
    const first = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention("how do I install it?"), mentionBot: true });
    await fake.waitForRequest(postIn(first.id));

    const excess = Array.from({ length: 25 }, (_, i) =>
      fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: mention(`and then ${i}?`), mentionBot: true }),
    );
    // Bob's empty mention gets a hint in the same channel.
    const sentinel = fake.sendMessage({ channelId: CHANNEL_ID, author: BOB, content: `<@${BOT_ID}>`, mentionBot: true });
    await fake.waitForRequest((r) => postIn(CHANNEL_ID)(r) && r.body?.message_reference?.message_id === sentinel.id);
    expect(asker.calls.map((c) => c.question)).toEqual(["how do I install it?"]);

    // Other members are not affected by Alice's limit. Bob's answer comes after the core's work, so by then
    // every one of Alice's messages has been screened (the limit may be in a shared database, so the hint
    // alone, which needs no limit, is no such barrier).
    const bobs = fake.sendMessage({ channelId: CHANNEL_ID, author: BOB, content: mention("what about me?"), mentionBot: true });
    await fake.waitForRequest(postIn(bobs.id));
    expect(asker.calls.map((c) => c.question)).toEqual(["how do I install it?", "what about me?"]);
    const notices = fake.requests.filter((r) => postIn(CHANNEL_ID)(r) && NOTICE.test(String(r.body?.content)));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.message_reference?.message_id).toBe(excess[0]!.id);
  });

  it("answers /ask refusals with one ephemeral notice per window, then stays silent", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, ratePerMinute: 1 });
    const { fake } = harness;
    const first = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    await fake.waitForRequest(editOf(first));
    const second = fake.sendSlashCommand({ user: ALICE, question: "And then?" });
    const callback = await fake.waitForRequest(callbackOf(second));
    expect(callback.body.data.content).toMatch(NOTICE);

    const third = fake.sendSlashCommand({ user: ALICE, question: "Still there?" });
    const bobs = fake.sendSlashCommand({ user: BOB, question: "Me too?" });
    await fake.waitForRequest(editOf(bobs));
    expect(fake.requests.some(callbackOf(third))).toBe(false);
    expect(asker.calls.map((c) => c.question)).toEqual(["How do I install it?", "Me too?"]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { CHANNEL_ID, OTHER_CHANNEL_ID } from "../../helpers/fake-discord.js";
import { ALICE, callbackOf, editOf, expectNoMentionsAnywhere, recordingAsker, scriptedAsker, startHarness, type Harness } from "./harness.js";

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

describe("/ask", { timeout: 20_000 }, () => {
  it("defers, then edits in the real core's answer with its sources and vote buttons", async () => {
    const asker = recordingAsker(fixture!.docent);
    harness = await startHarness({ asker });
    const interaction = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install Lumen?" });

    const edit = await harness.fake.waitForRequest(editOf(interaction));
    const callback = harness.fake.requests.find(callbackOf(interaction));
    expect(callback?.body).toMatchObject({ type: 5 });
    expect(harness.fake.requests.indexOf(callback!)).toBeLessThan(harness.fake.requests.indexOf(edit));
    expect(asker.calls).toEqual([{ question: "How do I install Lumen?", history: [] }]);
    expect(edit.body.content).toContain("npm install -g lumen-cli");
    expect(edit.body.embeds[0].title).toBe("Sources");
    expect(edit.body.embeds[0].description).toContain("[Installing Lumen](https://lumen.example.org/docs/install) — Installing");
    const ids = edit.body.components[0].components.map((c: { custom_id: string }) => c.custom_id);
    expect(ids).toHaveLength(2);
    const answerId = ids[0].split(":")[1];
    expect(harness.records.getAnswer(answerId)).toMatchObject({ platform: "discord", question: "How do I install Lumen?", channel: CHANNEL_ID, grounded: true });
    expect(expectNoMentionsAnywhere(harness.fake)).toBeGreaterThan(0);
  });

  it("defers ephemerally when private is set", async () => {
    harness = await startHarness();
    const interaction = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install it?", private: true });
    await harness.fake.waitForRequest(editOf(interaction));
    expect(harness.fake.requests.find(callbackOf(interaction))?.body).toMatchObject({ type: 5, data: { flags: 64 } });
  });

  it("refuses an over-long question with a clear ephemeral message, without asking the core", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, limits: { maxQuestionChars: 50 } });
    const interaction = harness.fake.sendSlashCommand({ user: ALICE, question: "x".repeat(51) });
    const callback = await harness.fake.waitForRequest(callbackOf(interaction));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(callback.body.data.content).toMatch(/too long \(51 characters; the limit is 50\)/);
    expect(asker.calls).toHaveLength(0);
  });

  it("applies the per-user rate limit with an ephemeral notice", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, ratePerMinute: 1 });
    const first = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    await harness.fake.waitForRequest(editOf(first));
    const second = harness.fake.sendSlashCommand({ user: ALICE, question: "And then?" });
    const callback = await harness.fake.waitForRequest(callbackOf(second));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(callback.body.data.content).toMatch(/ask again in about \d+ s/);
    expect(asker.calls.map((c) => c.question)).toEqual(["How do I install it?"]);
  });

  it("answers only in allowed channels", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker, config: { allowedChannels: [CHANNEL_ID] } });
    const elsewhere = harness.fake.sendSlashCommand({ user: ALICE, channelId: OTHER_CHANNEL_ID, question: "How do I install it?" });
    const callback = await harness.fake.waitForRequest(callbackOf(elsewhere));
    expect(callback.body.data).toMatchObject({ flags: 64, content: "I don't answer questions in this channel." });
    expect(asker.calls).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { BOT_ID, CHANNEL_ID } from "../../helpers/fake-discord.js";
import { ALICE, INSTALL_ANSWER, capturingLogger, editOf, expectNoMentionsAnywhere, postIn, scriptedAsker, startHarness, type Harness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expectNoMentionsAnywhere(harness.fake);
  await harness?.close();
  harness = undefined;
});

const SECRET = "postgres://docent:hunter2@db";

describe("when things go wrong", { timeout: 20_000 }, () => {
  it("apologises without details when the core throws, and answers the next question", async () => {
    const asker = scriptedAsker((_, call) => {
      if (call === 1) throw new Error(`connection to ${SECRET} refused`);
      return INSTALL_ANSWER;
    });
    const log = capturingLogger();
    harness = await startHarness({ asker, logger: log.logger });
    const { fake } = harness;

    const failing = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const apology = await fake.waitForRequest(editOf(failing));
    expect(apology.body.content).toMatch(/^Sorry/);
    expect(JSON.stringify(apology.body)).not.toContain("hunter2");
    expect(apology.body.components ?? []).toHaveLength(0);
    expect(log.records).toContainEqual(
      expect.objectContaining({ level: 50, userId: ALICE.id, channel: CHANNEL_ID, err: expect.objectContaining({ message: expect.stringContaining("refused") }) }),
    );

    const next = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const answer = await fake.waitForRequest(editOf(next));
    expect(answer.body.content).toBe(INSTALL_ANSWER.answer);
  });

  it("apologises in the thread when the core fails on a mention, silently so it stays out of the history", async () => {
    const asker = scriptedAsker(() => {
      throw new Error(SECRET);
    });
    harness = await startHarness({ asker });
    const question = harness.fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}> hello?`, mentionBot: true });
    const apology = await harness.fake.waitForRequest(postIn(question.id));
    expect(apology.body.content).toMatch(/^Sorry/);
    expect(apology.body.content).not.toContain("hunter2");
    expect(apology.body.flags).toBe(4096);
  });

  it("turns a core that never answers into a timeout apology", async () => {
    const asker = scriptedAsker(() => new Promise(() => {}));
    harness = await startHarness({ asker, limits: { timeoutMs: 100 } });
    const ask = harness.fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const reply = await harness.fake.waitForRequest(editOf(ask));
    expect(reply.body.content).toContain("took too long");
  });

  it("keeps working after the gateway connection drops and is resumed", async () => {
    const asker = scriptedAsker();
    harness = await startHarness({ asker });
    const { fake } = harness;
    fake.dropGateway();
    // Sent while the bot is disconnected: the fake holds it until the session resumes, as Discord replays missed events.
    const question = fake.sendMessage({ channelId: CHANNEL_ID, author: ALICE, content: `<@${BOT_ID}> still there?`, mentionBot: true });
    const answer = await fake.waitForRequest(postIn(question.id));
    expect(answer.body.content).toBe(INSTALL_ANSWER.answer);
    expect(fake.connections()).toBe(2);
  });
});

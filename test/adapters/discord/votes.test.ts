import { afterEach, describe, expect, it } from "vitest";
import { callbackOf, editOf, ALICE, BOB, expectNoMentionsAnywhere, startHarness, type Harness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  if (harness) expectNoMentionsAnywhere(harness.fake);
  await harness?.close();
  harness = undefined;
});

describe("vote buttons", { timeout: 20_000 }, () => {
  it("stores a 👍 once, acknowledges it ephemerally, and lets a 👎 by the same member replace it", async () => {
    harness = await startHarness();
    const { fake, records } = harness;
    const ask = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const edit = await fake.waitForRequest(editOf(ask));
    const [up, down] = edit.body.components[0].components.map((c: { custom_id: string }) => c.custom_id) as [string, string];
    const answerId = up.split(":")[1]!;

    const press = fake.pressButton({ user: BOB, message: edit.response, customId: up });
    const ack = await fake.waitForRequest(callbackOf(press));
    expect(ack.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(ack.body.data.content).toContain("Thanks");
    expect(records.votesFor(answerId).map((v) => v.vote)).toEqual(["up"]);

    const again = fake.pressButton({ user: BOB, message: edit.response, customId: up });
    await fake.waitForRequest(callbackOf(again));
    expect(records.votesFor(answerId)).toHaveLength(1);

    const change = fake.pressButton({ user: BOB, message: edit.response, customId: down });
    const changed = await fake.waitForRequest(callbackOf(change));
    expect(changed.body.data.content).toContain("Changed your vote to 👎");
    expect(records.votesFor(answerId).map((v) => v.vote)).toEqual(["down"]);

    // Another member's vote is counted separately.
    const other = fake.pressButton({ user: ALICE, message: edit.response, customId: up });
    await fake.waitForRequest(callbackOf(other));
    expect(records.votesFor(answerId).map((v) => v.vote).sort()).toEqual(["down", "up"]);
  });

  it("tells the member when the answer is no longer on record", async () => {
    harness = await startHarness();
    const { fake } = harness;
    const ask = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const edit = await fake.waitForRequest(editOf(ask));
    const press = fake.pressButton({ user: BOB, message: edit.response, customId: "docent-vote:0000000000000000:up" });
    const ack = await fake.waitForRequest(callbackOf(press));
    expect(ack.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(ack.body.data.content).toContain("no longer on record");
  });

  it("says the vote could not be recorded (not that the question could not be answered) when the store fails", async () => {
    harness = await startHarness();
    const { fake, records } = harness;
    const ask = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    const edit = await fake.waitForRequest(editOf(ask));
    const up = edit.body.components[0].components[0].custom_id as string;
    records.recordVote = () => {
      throw new Error("SQLITE_BUSY: database is locked");
    };
    const press = fake.pressButton({ user: BOB, message: edit.response, customId: up });
    const ack = await fake.waitForRequest(callbackOf(press));
    expect(ack.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(ack.body.data.content).toMatch(/couldn't record that vote/);
    expect(ack.body.data.content).not.toContain("SQLITE");
  });
});


import { afterEach, describe, expect, it } from "vitest";
import { ACTION_VOTE_DOWN, ACTION_VOTE_UP } from "../../../src/adapters/slack/format-answer.js";
import { ANSWER_GONE } from "../../../src/adapters/slack/messages.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function answerId(harness: Harness): Promise<string> {
  const { responseId } = await harness.command("how do I build the index?");
  const response = await harness.waitFor(() => harness.fake.responses.find((r) => r.id === responseId), "the answer");
  const actions = (response.body.blocks as Array<{ type: string; elements?: Array<{ value: string }> }>).find((b) => b.type === "actions");
  return actions!.elements![0]!.value;
}

async function press(harness: Harness, actionId: string, id: string, userId: string) {
  const responseId = `vote-${actionId}-${userId}-${harness.fake.responses.length}`;
  expect(await harness.press(actionId, id, { userId, responseId })).toBe(200);
  return harness.waitFor(() => harness.fake.responses.find((r) => r.id === responseId), "the vote acknowledgement");
}

describe("feedback buttons", () => {
  it("stores a vote, acknowledges it to the voter, and replaces it when the voter changes their mind", async () => {
    h = await startHarness();
    const id = await answerId(h);

    const first = await press(h, ACTION_VOTE_UP, id, "UVOTER");
    expect(first.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(first.body.text)).toContain("Thanks");
    expect(h.records.votesFor(id).map((v) => v.vote)).toEqual(["up"]);

    const changed = await press(h, ACTION_VOTE_DOWN, id, "UVOTER");
    expect(String(changed.body.text)).toContain("Changed your vote");
    expect(h.records.votesFor(id).map((v) => v.vote)).toEqual(["down"]);
    expect(h.records.votesFor(id)[0]?.userHash).toBe(h.records.hashUser("slack", "UVOTER"));

    await press(h, ACTION_VOTE_UP, id, "USECOND");
    expect(h.records.votesFor(id).map((v) => v.vote).sort()).toEqual(["down", "up"]);
  });

  it("tells the voter when the answer is not on record", async () => {
    h = await startHarness();
    const ack = await press(h, ACTION_VOTE_UP, "0000000000000000", "UVOTER");
    expect(ack.body.text).toBe(ANSWER_GONE);
  });
});

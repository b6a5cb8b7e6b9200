// The happy paths again, with the real core over the Lumen test corpus instead of a canned answer.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BOT_USER_ID } from "../../helpers/fake-slack.js";
import { openFixtureDocent, type FixtureDocent } from "../../helpers/docent-fixture.js";
import { startHarness, userMessage, type Harness } from "./harness.js";

let fixture: FixtureDocent;
let h: Harness | undefined;

beforeAll(async () => {
  fixture = await openFixtureDocent();
});
afterAll(async () => fixture?.close());
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("Slack adapter with the real core", () => {
  it("answers /ask from the knowledge base, with the cited document in the sources", async () => {
    h = await startHarness({ asker: fixture.docent });
    const { status, responseId } = await h.command("Which version of Node does Lumen need?");
    expect(status).toBe(200);
    const response = await h.waitFor(() => h!.fake.responses.find((r) => r.id === responseId), "the answer");

    const json = JSON.stringify(response.body.blocks);
    expect(json).toContain("Node 20");
    expect(json).toContain("*Sources*");
    expect(json).toContain("Installing Lumen");
    expect(json).toContain("docent_vote_up");
    expect(json).not.toMatch(/\*\*|\]\(http/);
  });

  it("answers a mention in its thread, then a follow-up with the thread's history", async () => {
    h = await startHarness({ asker: fixture.docent });
    const mention = `<@${BOT_USER_ID}> What licence is Lumen released under?`;
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "10.000001", text: mention }));
    const first = await h.waitFor(() => h!.fake.callsOf("chat.postMessage")[0], "the first answer");
    expect(first.args.thread_ts).toBe("10.000001");
    expect(JSON.stringify(first.args.blocks)).toContain("Apache-2.0");

    await h.event(userMessage(h, { channel: "CHELP", ts: "10.000050", threadTs: "10.000001", text: "Can I use it in closed-source projects?" }));
    const second = await h.waitFor(() => h!.fake.callsOf("chat.postMessage")[1], "the follow-up answer");
    expect(second.args.thread_ts).toBe("10.000001");
    expect(h.asks[1]?.options?.history?.[0]).toEqual({ role: "user", text: "What licence is Lumen released under?" });
    expect(h.asks[1]?.options?.history?.[1]?.role).toBe("assistant");
    expect(JSON.stringify(second.args.blocks)).toMatch(/closed-source|Apache/);
  });
});

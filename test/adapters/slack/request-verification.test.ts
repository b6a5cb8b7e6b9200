import { afterEach, describe, expect, it } from "vitest";
import { BOT_USER_ID, eventBody, signSlackRequest } from "../../helpers/fake-slack.js";
import { SECRET, startHarness, userMessage, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("HTTP request verification", () => {
  it("rejects a bad signature with 401 and does not answer", async () => {
    h = await startHarness();
    const body = eventBody(userMessage(h, { channel: "DMEMBER", ts: "1.000001", text: "forged question" }), "EvFORGED");
    const now = Math.floor(Date.now() / 1000);
    expect(await h.post(body, "application/json", { signature: signSlackRequest("not-the-secret", now, body), timestamp: now })).toBe(401);
    // A genuine, correctly signed message is answered: the app is up, it was the signature that failed.
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "1.000009", text: "genuine question" }));
    await h.waitFor(() => h!.asks.length > 0, "the genuine question");
    expect(h.asks.map((a) => a.question)).toEqual(["genuine question"]);
  });

  it("rejects a correctly signed request older than five minutes with 401 and does not answer", async () => {
    h = await startHarness();
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = eventBody(
      userMessage(h, { type: "app_mention", channel: "CHELP", ts: "2.000001", text: `<@${BOT_USER_ID}> replayed` }),
      "EvSTALE",
    );
    expect(await h.post(body, "application/json", { timestamp: stale })).toBe(401);
    const { status } = await h.command("fresh question");
    expect(status).toBe(200);
    await h.waitFor(() => h!.asks.length > 0, "the fresh question");
    expect(h.asks.map((a) => a.question)).toEqual(["fresh question"]);
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("rejects an unsigned slash command with 401", async () => {
    h = await startHarness();
    const res = await fetch(h.eventsUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "command=%2Fask&text=hi",
    });
    expect(res.status).toBe(401);
    expect(h.asks).toHaveLength(0);
  });
});

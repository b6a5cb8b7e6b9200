import { afterEach, describe, expect, it } from "vitest";
import { BOT_USER_ID, eventBody, signSlackRequest, slashCommandBody } from "../../helpers/fake-slack.js";
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
  it("rejects a correctly signed request more than five minutes in the future with 401 and does not answer", async () => {
    h = await startHarness();
    const future = Math.floor(Date.now() / 1000) + 6 * 60;
    const body = eventBody(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "3.000001", text: `<@${BOT_USER_ID}> from the future` }), "EvFUTURE");
    expect(await h.post(body, "application/json", { timestamp: future })).toBe(401);
    // Ten years ahead, as in the report, and a command too.
    const decade = Math.floor(Date.now() / 1000) + 10 * 365 * 24 * 3600;
    const command = slashCommandBody({ text: "later?", userId: "UASKER", channelId: "CHELP", responseUrl: h.fake.responseUrl("future-cmd") });
    expect(await h.post(command, "application/x-www-form-urlencoded", { timestamp: decade })).toBe(401);
    await h.waitForLog("slack: request refused: timestamp more than 5 minutes in the future", 2);

    const { status } = await h.command("present question");
    expect(status).toBe(200);
    await h.waitFor(() => h!.asks.length > 0, "the present question");
    expect(h.asks.map((a) => a.question)).toEqual(["present question"]);
    expect(h.fake.callsOf("chat.postMessage")).toHaveLength(0);
    expect(h.fake.responses.some((r) => r.id === "future-cmd")).toBe(false);
  });

  it("accepts a request up to five minutes ahead (clock skew) and answers it", async () => {
    h = await startHarness();
    const ahead = Math.floor(Date.now() / 1000) + 4 * 60;
    const body = eventBody(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "4.000001", text: `<@${BOT_USER_ID}> slightly ahead` }), "EvAHEAD");
    expect(await h.post(body, "application/json", { timestamp: ahead })).toBe(200);
    await h.waitFor(() => h!.asks.length > 0, "the question");
    expect(h.asks.map((a) => a.question)).toEqual(["slightly ahead"]);
  });

  it("answers an identical signed request sent twice only once: the copy is a replay (401)", async () => {
    h = await startHarness();
    const now = Math.floor(Date.now() / 1000);
    const command = slashCommandBody({ text: "replay me", userId: "UASKER", channelId: "CHELP", responseUrl: h.fake.responseUrl("replayed") });
    expect(await h.post(command, "application/x-www-form-urlencoded", { timestamp: now })).toBe(200);
    expect(await h.post(command, "application/x-www-form-urlencoded", { timestamp: now })).toBe(401);
    await h.waitForLog("slack: request refused: replayed request");
    await h.waitFor(() => h!.fake.responses.some((r) => r.id === "replayed"), "the answer");

    // The same command signed at another moment is a new request: Slack signs each delivery when it sends it.
    // (The answer goes to the same response_url, so the count below shows what was answered.)
    expect(await h.post(command, "application/x-www-form-urlencoded", { timestamp: now - 1 })).toBe(200);
    await h.waitFor(() => h!.asks.length === 2, "the re-signed command");
    await h.waitFor(() => h!.fake.responses.filter((r) => r.id === "replayed").length === 2, "its answer");
    expect(h.asks.map((a) => a.question)).toEqual(["replay me", "replay me"]);
  });

  it("answers a replayed event once", async () => {
    h = await startHarness();
    const body = eventBody(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "5.000001", text: `<@${BOT_USER_ID}> once` }), "EvONCE");
    const now = Math.floor(Date.now() / 1000);
    expect(await h.post(body, "application/json", { timestamp: now })).toBe(200);
    for (let i = 0; i < 3; i++) expect(await h.post(body, "application/json", { timestamp: now })).toBe(401);
    await h.waitFor(() => h!.fake.callsOf("chat.postMessage").length > 0, "the answer");
    expect(h.asks).toHaveLength(1);
    expect(h.logs.filter((l) => l.msg === "slack: request refused: replayed request")).toHaveLength(3);
  });
});

describe("malformed signed requests", () => {
  const bodies: Array<[string, string, "application/json" | "application/x-www-form-urlencoded"]> = [
    ["JSON null", "null", "application/json"],
    ["payload=null", "payload=null", "application/x-www-form-urlencoded"],
    ["a JSON string", '"hello"', "application/json"],
    ["a JSON number", "42", "application/json"],
    ["a JSON array", "[1,2]", "application/json"],
    ["payload=[]", "payload=%5B%5D", "application/x-www-form-urlencoded"],
    ["not JSON", "{oops", "application/json"],
  ];

  it.each(bodies)("answers %s with 400, logs a warning, and keeps serving", async (_name, body, contentType) => {
    h = await startHarness();
    expect(await h.post(body, contentType)).toBe(400);
    await h.waitFor(() => h!.logs.find((l) => l.level === 40 && String(l.msg).startsWith("slack: request refused: malformed body")), "the warning");
    // Still up: a genuine question is answered.
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "9.000001", text: "still there?" }));
    await h.waitFor(() => h!.asks.length > 0, "the genuine question");
    expect(h.asks.map((a) => a.question)).toEqual(["still there?"]);
  });

  it("ignores, with a log line, a signed event whose text is not a string, and answers the next one", async () => {
    h = await startHarness();
    const event = { ...userMessage(h, { type: "app_mention", channel: "CHELP", ts: "10.000001", text: "x" }), text: { evil: true } };
    expect(await h.event(event)).toBe(200);
    const dm = { ...userMessage(h, { channel: "DMEMBER", ts: "10.000002", text: "x" }), text: ["a", "b"] };
    expect(await h.event(dm)).toBe(200);
    await h.waitForLog("slack: ignored an event with a malformed field", 2);
    await h.event(userMessage(h, { channel: "DMEMBER", ts: "10.000003", text: "a real question" }));
    await h.waitFor(() => h!.fake.callsOf("chat.postMessage").length > 0, "the answer");
    expect(h.asks.map((a) => a.question)).toEqual(["a real question"]);
    expect(h.logs.filter((l) => l.msg === "slack: unhandled error in a listener")).toEqual([]);
    expect(h.logs.filter((l) => l.msg === "slack: ignored an event with a malformed field").map((l) => l.field)).toEqual(["text", "text"]);
  });

  it("ignores, with a log line, a signed command whose text is not a string", async () => {
    h = await startHarness();
    const form = `${slashCommandBody({ text: "one", userId: "UASKER", channelId: "CHELP", responseUrl: h.fake.responseUrl("twice") })}&text=two`;
    expect(await h.post(form, "application/x-www-form-urlencoded")).toBe(200);
    const payload = new URLSearchParams({
      payload: JSON.stringify({ command: "/ask", text: { a: 1 }, user_id: "UASKER", channel_id: "CHELP", team_id: "T", response_url: h.fake.responseUrl("obj") }),
    }).toString();
    expect(await h.post(payload, "application/x-www-form-urlencoded")).toBe(200);
    await h.waitForLog("slack: ignored a command with a malformed field", 2);
    expect(h.asks).toHaveLength(0);
    expect(h.logs.filter((l) => l.msg === "slack: unhandled error in a listener")).toEqual([]);
  });
});

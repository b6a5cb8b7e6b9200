// The HTTP request guard on its own, with a clock the test moves: the 5-minute window in both directions,
// replays remembered exactly as long as they could pass the window, and bodies Bolt could not handle.
import { describe, expect, it } from "vitest";
import { createRequestGuard } from "../../../src/adapters/slack/request-guard.js";
import { signSlackRequest } from "../../helpers/fake-slack.js";

const SECRET = "guard-secret";
const T0 = 1_700_000_000; // seconds

function signed(body: string, timestamp: number, contentType = "application/json") {
  return {
    headers: { "content-type": contentType, "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signSlackRequest(SECRET, timestamp, body) },
    raw: Buffer.from(body),
  };
}

function guardAt(clock: { s: number }, seenMax?: number) {
  return createRequestGuard({ signingSecret: SECRET, now: () => clock.s * 1000, seenMax });
}

describe("request guard", () => {
  it("accepts timestamps up to 5 minutes either side of now and refuses beyond", async () => {
    const clock = { s: T0 };
    const guard = guardAt(clock);
    const body = '{"type":"event_callback"}';
    for (const [offset, ok] of [[-300, true], [300, true], [-301, false], [301, false], [10 * 365 * 86_400, false]] as const) {
      const r = signed(body, T0 + offset);
      expect((await guard.check(r.headers, r.raw)).ok, `offset ${offset}`).toBe(ok);
    }
    const future = signed(body, T0 + 301);
    expect(await guard.check(future.headers, future.raw)).toEqual({ ok: false, status: 401, reason: "timestamp more than 5 minutes in the future" });
  });

  it("refuses a bad signature, a missing one and a malformed timestamp", async () => {
    const guard = guardAt({ s: T0 });
    const r = signed("{}", T0);
    expect(await guard.check({ ...r.headers, "x-slack-signature": "v0=00" }, r.raw)).toMatchObject({ status: 401, reason: "signature mismatch" });
    expect(await guard.check({ "content-type": "application/json" }, r.raw)).toMatchObject({ status: 401, reason: "unsigned request" });
    expect(await guard.check({ ...r.headers, "x-slack-request-timestamp": "1e9" }, r.raw)).toMatchObject({ status: 401, reason: "malformed timestamp" });
  });

  it("refuses a replay for as long as the original's timestamp is in the window, then as too old", async () => {
    const clock = { s: T0 };
    const guard = guardAt(clock);
    const r = signed('{"type":"event_callback"}', T0 + 120); // sent with a clock two minutes ahead
    expect((await guard.check(r.headers, r.raw)).ok).toBe(true);
    expect(await guard.check(r.headers, r.raw)).toMatchObject({ status: 401, reason: "replayed request" });
    clock.s = T0 + 120 + 300;
    expect(await guard.check(r.headers, r.raw)).toMatchObject({ reason: "replayed request" });
    clock.s = T0 + 120 + 301;
    expect(await guard.check(r.headers, r.raw)).toMatchObject({ reason: "timestamp more than 5 minutes old" });
  });

  it("caps how many requests it remembers, forgetting the oldest first", async () => {
    const clock = { s: T0 };
    const guard = guardAt(clock, 3);
    for (let i = 0; i < 3; i++) {
      const r = signed(`{"n":${i}}`, T0);
      expect((await guard.check(r.headers, r.raw)).ok).toBe(true);
    }
    // Over the cap the oldest is forgotten; an in-window replay of the newest is still caught.
    const fourth = signed('{"n":3}', T0);
    expect((await guard.check(fourth.headers, fourth.raw)).ok).toBe(true);
    expect((await guard.check(fourth.headers, fourth.raw)).ok).toBe(false);
  });

  it("lets Slack's unsigned ssl_check through to Bolt, which answers it", async () => {
    const guard = guardAt({ s: T0 });
    expect((await guard.check({ "content-type": "application/x-www-form-urlencoded" }, Buffer.from("ssl_check=1&token=x"))).ok).toBe(true);
  });

  it("refuses, with 400, signed bodies that are not a JSON object the way Bolt parses them", async () => {
    const guard = guardAt({ s: T0 });
    const cases: Array<[string, string, string]> = [
      ["null", "application/json", "malformed body (JSON null, not an object)"],
      ["payload=null", "application/x-www-form-urlencoded", "malformed body (JSON null, not an object)"],
      ["[]", "application/json", "malformed body (JSON array, not an object)"],
      ["7", "application/json", "malformed body (JSON number, not an object)"],
      ["payload=%7B", "application/x-www-form-urlencoded", "malformed body (not JSON)"],
      // Bolt parses anything not exactly form-encoded as JSON.
      ["command=%2Fask&text=hi", "application/x-www-form-urlencoded; charset=utf-8", "malformed body (not JSON)"],
    ];
    for (const [body, type, reason] of cases) {
      const r = signed(body, T0, type);
      expect(await guard.check(r.headers, r.raw), body).toEqual({ ok: false, status: 400, reason });
    }
    // (Signed a second later: the same bytes and timestamp again would be a replay.)
    const form = signed("command=%2Fask&text=hi", T0 + 1, "application/x-www-form-urlencoded");
    expect((await guard.check(form.headers, form.raw)).ok).toBe(true);
  });
});

// Rate-limit refusals are limited themselves: a member who keeps asking while over the limit is told once per
// window, not once per message (25 excess messages used to cause 25 notices).
import { afterEach, describe, expect, it } from "vitest";
import { BOT_USER_ID } from "../../helpers/fake-slack.js";
import { startHarness, userMessage, type Harness } from "./harness.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SILENT_REFUSAL = "slack: refused again within the rate-limit window; not notified";
const NOTICE = /You're asking faster than I can keep up/;

describe("rate-limit notices", () => {
  it("posts one notice for 25 excess mentions, and still answers other members", async () => {
    h = await startHarness({ rateLimit: 1 });
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "300.000001", text: `<@${BOT_USER_ID}> first?` }));
    await h.waitFor(() => h!.fake.callsOf("chat.postMessage").length === 1, "the first answer");

    for (let i = 0; i < 25; i++)
      await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: `301.${String(i).padStart(6, "0")}`, text: `<@${BOT_USER_ID}> more ${i}?` }));
    // Every refusal ends either in a notice or in a log line saying it stayed silent.
    await h.waitFor(
      () => h!.fake.callsOf("chat.postEphemeral").length + h!.logs.filter((l) => l.msg === SILENT_REFUSAL).length >= 25,
      "25 refusals",
    );
    const notices = h.fake.callsOf("chat.postEphemeral");
    expect(notices).toHaveLength(1);
    expect(notices[0]!.args).toMatchObject({ channel: "CHELP", user: "UASKER" });
    expect(String(notices[0]!.args.text)).toMatch(NOTICE);

    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "302.000001", user: "UOTHER", text: `<@${BOT_USER_ID}> me?` }));
    await h.waitFor(() => h!.fake.callsOf("chat.postMessage").length === 2, "the other member's answer");
    expect(h.asks.map((a) => a.question)).toEqual(["first?", "me?"]);
  });

  it("answers excess /ask commands with one notice, then stays silent", async () => {
    h = await startHarness({ rateLimit: 1 });
    const first = await h.command("first?");
    await h.waitFor(() => h!.fake.responses.some((r) => r.id === first.responseId), "the first answer");
    const refused: string[] = [];
    for (let i = 0; i < 5; i++) refused.push((await h.command(`more ${i}?`)).responseId);
    await h.waitFor(
      () => h!.fake.responses.filter((r) => refused.includes(r.id)).length + h!.logs.filter((l) => l.msg === SILENT_REFUSAL).length >= 5,
      "5 refusals",
    );
    const notices = h.fake.responses.filter((r) => refused.includes(r.id));
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!.body.text)).toMatch(NOTICE);
    expect(h.asks.map((a) => a.question)).toEqual(["first?"]);
  });
});

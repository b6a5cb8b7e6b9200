// Socket Mode, the default transport: the same listeners, reached over a WebSocket the app opens itself.
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startSlackApp, type SlackAppHandle } from "../../../src/adapters/slack/start-slack-app.js";
import { createRateLimiter, openRecordStore, type RecordStore } from "../../../src/core/index.js";
import { BOT_USER_ID, eventBody, slashCommandBody, startFakeSlack, type FakeSlack } from "../../helpers/fake-slack.js";
import { SAMPLE_ANSWER } from "./harness.js";

let fake: FakeSlack | undefined;
let handle: SlackAppHandle | undefined;
let records: RecordStore | undefined;
afterEach(async () => {
  await handle?.stop();
  await fake?.close();
  records?.close();
  handle = fake = records = undefined;
});

async function until<T>(probe: () => T | undefined | false): Promise<T> {
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("Socket Mode", () => {
  it("connects with the app token and answers a mention and /ask received over the socket", async () => {
    fake = await startFakeSlack();
    records = openRecordStore(":memory:");
    const questions: string[] = [];
    handle = await startSlackApp({
      config: { mode: "socket", botToken: "xoxb-test", appToken: "xapp-test", port: 3000, apiUrl: fake.apiUrl, askEphemeral: true, adminUserIds: [] },
      asker: { ask: async (q) => (questions.push(q), SAMPLE_ANSWER) },
      records,
      rateLimiter: createRateLimiter({ limit: 100, windowMs: 60_000 }),
      limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
      logger: pino({ level: "silent" }),
      clientOptions: { retryConfig: { retries: 0 } },
    });
    expect(handle.port).toBeUndefined();
    expect(fake.callsOf("apps.connections.open")).toHaveLength(1);
    await until(() => fake!.socket.connections() === 1);

    const event = JSON.parse(
      eventBody({ type: "app_mention", channel: "CHELP", user: "UASKER", text: `<@${BOT_USER_ID}> over the socket?`, ts: "5.000001" }, "EvSOCK"),
    ) as unknown;
    const eventEnvelope = fake.socket.send("events_api", event);
    const answer = await until(() => fake!.callsOf("chat.postMessage")[0]);
    expect(answer.args).toMatchObject({ channel: "CHELP", thread_ts: "5.000001" });
    expect(fake.socket.acks).toContain(eventEnvelope);

    const command = Object.fromEntries(
      new URLSearchParams(slashCommandBody({ text: "and by command?", userId: "UASKER", channelId: "CHELP", responseUrl: fake.responseUrl("sock-cmd") })),
    );
    const commandEnvelope = fake.socket.send("slash_commands", command);
    const response = await until(() => fake!.responses.find((r) => r.id === "sock-cmd"));
    expect(JSON.stringify(response.body.blocks)).toContain("INDEX_DIR");
    expect(fake.socket.acks).toContain(commandEnvelope);
    expect(questions).toEqual(["over the socket?", "and by command?"]);
  });
});

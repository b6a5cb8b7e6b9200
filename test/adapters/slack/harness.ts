// Starts the real Slack adapter (Bolt, HTTP mode, 127.0.0.1, port 0) against the fake Slack, with a
// recording AskService, an in-memory record store and a logger whose lines the tests can wait for.
import { Writable } from "node:stream";
import { pino } from "pino";
import { vi } from "vitest";
import type { Answer, AskOptions, AskService } from "../../../src/core/index.js";
import { createRateLimiter, openRecordStore, type SqliteRecordStore } from "../../../src/core/index.js";
import type { SlackAppDeps } from "../../../src/adapters/slack/deps.js";
import { startSlackApp } from "../../../src/adapters/slack/start-slack-app.js";
import {
  buttonPressBody,
  eventBody,
  postSigned,
  slashCommandBody,
  startFakeSlack,
  type FakeSlack,
  type SignedPostOptions,
} from "../../helpers/fake-slack.js";

export const SECRET = "test-signing-secret";

export const SAMPLE_ANSWER: Answer = {
  answer: "Set **INDEX_DIR** before running ingest [1]. See [the guide](https://docs.example.org/guide) for:\n- one\n- two",
  citations: [
    { n: 1, title: "Indexing", section: "Setup", url: "https://docs.example.org/indexing", file: "indexing.md", score: 0.9 },
    { n: 2, title: "FAQ", section: "", file: "faq.md", score: 0.7 },
  ],
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

export interface AskCall {
  question: string;
  options: AskOptions | undefined;
}

export interface HarnessOptions {
  asker?: AskService;
  /** Per-user questions allowed per minute. */
  rateLimit?: number;
  askEphemeral?: boolean;
  limits?: Partial<SlackAppDeps["limits"]>;
}

export interface Harness {
  fake: FakeSlack;
  records: SqliteRecordStore;
  asks: AskCall[];
  logs: Array<{ msg?: string; level: number; [key: string]: unknown }>;
  eventsUrl: string;
  command(text: string, options?: { userId?: string; channelId?: string; responseId?: string }): Promise<{ status: number; responseId: string }>;
  /** Posts an event, signed; `timestamp` (seconds) defaults to now. */
  event(event: Record<string, unknown>, options?: { eventId?: string; headers?: Record<string, string>; timestamp?: number }): Promise<number>;
  press(actionId: string, value: string, options?: { userId?: string; responseId?: string }): Promise<number>;
  post(body: string, contentType: "application/json" | "application/x-www-form-urlencoded", options?: Partial<SignedPostOptions>): Promise<number>;
  /** Polls until `probe` returns a value (no timing is asserted; the test timeout bounds the wait). */
  waitFor<T>(probe: () => T | undefined | false, what: string): Promise<T>;
  waitForLog(msg: string, count?: number): Promise<void>;
  close(): Promise<void>;
}

let sequence = 0;

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const records = openRecordStore(":memory:");
  const asks: AskCall[] = [];
  const inner: AskService = options.asker ?? { ask: async () => SAMPLE_ANSWER };
  const asker: AskService = {
    ask: vi.fn(async (question: string, askOptions?: AskOptions) => {
      asks.push({ question, options: askOptions });
      return inner.ask(question, askOptions);
    }),
  };

  const logs: Harness["logs"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level: "debug" }, sink);

  const handle = await startSlackApp({
    config: {
      mode: "http",
      botToken: "xoxb-test",
      signingSecret: SECRET,
      port: 0,
      apiUrl: fake.apiUrl,
      askEphemeral: options.askEphemeral ?? true,
      adminUserIds: [],
    },
    asker,
    records,
    rateLimiter: createRateLimiter({ limit: options.rateLimit ?? 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6, ...options.limits },
    logger,
    clientOptions: { retryConfig: { retries: 0 } },
    host: "127.0.0.1",
  });
  const eventsUrl = `http://127.0.0.1:${handle.port}/slack/events`;

  let closed = false;
  const post: Harness["post"] = async (body, contentType, signed = {}) =>
    (await postSigned(eventsUrl, body, contentType, { secret: SECRET, ...signed })).status;

  const waitFor: Harness["waitFor"] = async (probe, what) => {
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      await new Promise((r) => setTimeout(r, 10));
      if (closed) throw new Error(`harness closed while waiting for ${what}`);
    }
  };

  return {
    fake,
    records,
    asks,
    logs,
    eventsUrl,
    async command(text, o = {}) {
      const responseId = o.responseId ?? `cmd-${++sequence}`;
      const body = slashCommandBody({
        text,
        userId: o.userId ?? "UASKER",
        channelId: o.channelId ?? "CGENERAL",
        responseUrl: fake.responseUrl(responseId),
      });
      return { status: await post(body, "application/x-www-form-urlencoded"), responseId };
    },
    event: (event, o = {}) =>
      post(eventBody(event, o.eventId ?? `Ev${++sequence}`), "application/json", { headers: o.headers, timestamp: o.timestamp }),
    async press(actionId, value, o = {}) {
      const body = buttonPressBody({
        actionId,
        value,
        userId: o.userId ?? "UASKER",
        channelId: "CGENERAL",
        responseUrl: fake.responseUrl(o.responseId ?? `press-${++sequence}`),
      });
      return post(body, "application/x-www-form-urlencoded");
    },
    post,
    waitFor,
    waitForLog: async (msg, count = 1) => {
      await waitFor(() => logs.filter((l) => l.msg === msg).length >= count, `log "${msg}"`);
    },
    async close() {
      closed = true;
      await handle.stop();
      await fake.close();
      records.close();
    },
  };
}

/** A user message as Slack's Events API delivers it; also stored in the fake so thread reads see it. */
export function userMessage(
  harness: Harness,
  fields: { channel: string; ts: string; text: string; user?: string; threadTs?: string; type?: "message" | "app_mention" },
): Record<string, unknown> {
  const user = fields.user ?? "UASKER";
  if (!harness.fake.messages.some((m) => m.channel === fields.channel && m.ts === fields.ts))
    harness.fake.messages.push({ channel: fields.channel, ts: fields.ts, thread_ts: fields.threadTs, user, text: fields.text });
  return {
    type: fields.type ?? "message",
    channel: fields.channel,
    user,
    text: fields.text,
    ts: fields.ts,
    event_ts: fields.ts,
    ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    ...(fields.type === "app_mention" ? {} : { channel_type: fields.channel.startsWith("D") ? "im" : "channel" }),
  };
}

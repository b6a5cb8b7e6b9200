// Starts the real Slack adapter (Bolt, HTTP mode on 127.0.0.1) against the fake Slack with a TaskService, for
// /docent and the announcement tests: signed /docent commands and button presses, and the responses read back.
import { pino } from "pino";
import { Writable } from "node:stream";
import type { SlackAppDeps } from "../../../src/adapters/slack/deps.js";
import { startSlackApp, type SlackAppHandle } from "../../../src/adapters/slack/start-slack-app.js";
import { createRateLimiter, openRecordStore, type AskService } from "../../../src/core/index.js";
import type { TaskService } from "../../../src/core/index.js";
import { buttonPressBody, postSigned, slashCommandBody, startFakeSlack, type FakeSlack } from "../../helpers/fake-slack.js";

export const SECRET = "test-signing-secret";

export interface DocentSlack {
  fake: FakeSlack;
  handle: SlackAppHandle;
  logs: Array<Record<string, unknown>>;
  /** Sends `/docent <text>` signed; resolves to the HTTP status and the response id its replies are filed under. */
  docent(text: string, options?: { userId?: string }): Promise<{ status: number; responseId: string }>;
  /** Any slash command, e.g. ("/ask-admin", "reindex"). */
  slash(command: string, text: string, options?: { userId?: string }): Promise<{ status: number; responseId: string }>;
  press(actionId: string, value: string, options?: { userId?: string }): Promise<{ status: number; responseId: string }>;
  /** The replies posted to one response_url, once there are `count` of them (the test timeout bounds the wait). */
  replies(responseId: string, count?: number): Promise<Record<string, any>[]>;
  close(): Promise<void>;
}

let sequence = 0;

export async function startDocentSlack(options: { tasks?: TaskService; asker?: AskService; rateLimit?: number; askEphemeral?: boolean; reindex?: () => Promise<string>; adminUserIds?: string[] } = {}): Promise<DocentSlack> {
  const fake = await startFakeSlack();
  const records = openRecordStore(":memory:");
  const logs: DocentSlack["logs"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const deps: SlackAppDeps = {
    config: { mode: "http", botToken: "xoxb-test", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, askEphemeral: options.askEphemeral ?? true, adminUserIds: options.adminUserIds ?? [] },
    asker: options.asker ?? { ask: async () => ({ answer: "unused", citations: [], grounded: false, timings: { retrieveMs: 0, answerMs: 0 } }) },
    records,
    rateLimiter: createRateLimiter({ limit: options.rateLimit ?? 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: pino({ level: "debug" }, sink),
    clientOptions: { retryConfig: { retries: 0 } },
    host: "127.0.0.1",
    ...(options.tasks ? { tasks: options.tasks } : {}),
    ...(options.reindex ? { reindex: options.reindex } : {}),
  };
  const handle = await startSlackApp(deps);
  const url = `http://127.0.0.1:${handle.port}/slack/events`;
  let closed = false;
  const slash: DocentSlack["slash"] = async (command, text, o = {}) => {
    const responseId = `cmd-${++sequence}`;
    const form = new URLSearchParams(slashCommandBody({ text, userId: o.userId ?? "UASKER", channelId: "CGENERAL", responseUrl: fake.responseUrl(responseId) }));
    form.set("command", command);
    return { status: (await postSigned(url, form.toString(), "application/x-www-form-urlencoded", { secret: SECRET })).status, responseId };
  };
  return {
    fake,
    handle,
    logs,
    docent: (text, o) => slash("/docent", text, o),
    slash,
    async press(actionId, value, o = {}) {
      const responseId = `press-${++sequence}`;
      const body = buttonPressBody({ actionId, value, userId: o.userId ?? "UASKER", channelId: "CGENERAL", responseUrl: fake.responseUrl(responseId) });
      return { status: (await postSigned(url, body, "application/x-www-form-urlencoded", { secret: SECRET })).status, responseId };
    },
    async replies(responseId, count = 1) {
      for (;;) {
        const found = fake.responses.filter((r) => r.id === responseId).map((r) => r.body);
        if (found.length >= count) return found;
        if (closed) throw new Error(`closed while waiting for ${responseId}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      closed = true;
      await handle.stop();
      await fake.close();
      records.close();
    },
  };
}

/** Every text a message carries (fallback and blocks), for checks that nothing can ping. */
export function allText(message: Record<string, any>): string {
  return JSON.stringify([message.text, message.blocks]);
}

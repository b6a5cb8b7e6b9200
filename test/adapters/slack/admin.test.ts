// /ask-admin reindex on Slack: refused privately for users not in SLACK_ADMIN_USER_IDS (nothing runs);
// for operators, acknowledged, then a "re-indexing" note and the summary through the response_url.
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { startSlackApp, type SlackAppHandle } from "../../../src/adapters/slack/start-slack-app.js";
import type { SlackAppDeps } from "../../../src/adapters/slack/deps.js";
import { ADMIN_ONLY, ADMIN_USAGE, REINDEX_STARTED, REINDEX_UNAVAILABLE } from "../../../src/adapters/slack/messages.js";
import { createRateLimiter, openRecordStore, type RecordStore } from "../../../src/core/index.js";
import { AppError } from "../../../src/errors.js";
import { APP_ID, postSigned, startFakeSlack, TEAM_ID, type FakeSlack } from "../../helpers/fake-slack.js";

const SECRET = "test-signing-secret";
const OPERATOR = "UOPERATOR";

let fake: FakeSlack | undefined;
let app: SlackAppHandle | undefined;
let records: RecordStore | undefined;
afterEach(async () => {
  await app?.stop();
  await fake?.close();
  records?.close();
  app = undefined;
  fake = undefined;
});

async function start(reindex?: SlackAppDeps["reindex"]) {
  fake = await startFakeSlack();
  app = await startSlackApp({
    config: { mode: "http", botToken: "xoxb-test", signingSecret: SECRET, port: 0, apiUrl: fake.apiUrl, askEphemeral: true, adminUserIds: [OPERATOR] },
    asker: { ask: async () => Promise.reject(new Error("not asked in these tests")) },
    records: (records = openRecordStore(":memory:")),
    rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: pino({ level: "silent" }),
    clientOptions: { retryConfig: { retries: 0 } },
    host: "127.0.0.1",
    reindex,
  });
}

let sequence = 0;
/** Sends /ask-admin <text> as `userId`; resolves to the texts posted to its response_url once `count` arrived. */
async function admin(text: string, userId: string, count: number): Promise<string[]> {
  const id = `admin-${++sequence}`;
  const body = new URLSearchParams({
    token: "legacy",
    team_id: TEAM_ID,
    channel_id: "CGENERAL",
    user_id: userId,
    command: "/ask-admin",
    text,
    api_app_id: APP_ID,
    response_url: fake!.responseUrl(id),
    trigger_id: "1.2.3",
  }).toString();
  const { status } = await postSigned(`http://127.0.0.1:${app!.port}/slack/events`, body, "application/x-www-form-urlencoded", { secret: SECRET });
  expect(status).toBe(200);
  for (;;) {
    const got = fake!.responses.filter((r) => r.id === id);
    if (got.length >= count) {
      for (const r of got) expect(r.body.response_type).toBe("ephemeral");
      return got.map((r) => String(r.body.text));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("/ask-admin (Slack)", () => {
  it("refuses users who are not operators, and runs nothing", async () => {
    let calls = 0;
    await start(async () => (calls++, "summary"));
    expect(await admin("reindex", "USOMEONE", 1)).toEqual([ADMIN_ONLY]);
    expect(calls).toBe(0);
  });

  it("re-indexes for an operator and posts the summary privately", async () => {
    let calls = 0;
    await start(async () => (calls++, "sources: 1 source, 2 fetched\n  added: blog/a&b.md\nindex: 1 added"));
    const texts = await admin("reindex", OPERATOR, 2);
    expect(texts).toEqual([REINDEX_STARTED, "```sources: 1 source, 2 fetched\n  added: blog/a&amp;b.md\nindex: 1 added```"]);
    expect(calls).toBe(1);
  });

  it("shows the usage for anything but reindex, and the reason when a re-index cannot run", async () => {
    await start(async () => Promise.reject(new AppError("ingest_failed", "ingest: another ingest (pid 42) is updating .data/index; wait for it to finish")));
    expect(await admin("", OPERATOR, 1)).toEqual([ADMIN_USAGE]);
    const texts = await admin("reindex", OPERATOR, 2);
    expect(texts[1]).toContain("Re-index failed: ingest: another ingest (pid 42) is updating .data/index");
  });

  it("says so when this process cannot re-index", async () => {
    await start(undefined);
    expect(await admin("reindex", OPERATOR, 1)).toEqual([REINDEX_UNAVAILABLE]);
  });
});

// Start-up failures end in one clear line, before anything says it is running, with nothing left running:
// the process can exit by itself. Each failing start runs in a child process of its own, which must end
// without being told to (it never calls process.exit), so a leftover server, socket or retry timer shows up
// as a child that does not exit (and a test that times out).
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import type { SlackConfig } from "../../../src/config.js";
import { isAppError } from "../../../src/errors.js";
import { startSlackApp, type SlackAppHandle } from "../../../src/adapters/slack/start-slack-app.js";
import { createRateLimiter, openRecordStore } from "../../../src/core/index.js";
import { startFakeSlack, type FakeSlack } from "../../helpers/fake-slack.js";
import { runScript } from "../../helpers/run-script.js";
import { SECRET, startHarness, userMessage, type Harness } from "./harness.js";
import { BOT_USER_ID } from "../../helpers/fake-slack.js";

const CHILD = "test/adapters/slack/fixtures/start-slack-child.ts";

let fake: FakeSlack | undefined;
let servers: Server[] = [];
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  h = fake = undefined;
  servers = [];
});

function httpConfig(apiUrl: string, port = 0): SlackConfig {
  return { mode: "http", botToken: "xoxb-test", signingSecret: SECRET, port, apiUrl, askEphemeral: true, adminUserIds: [] };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string; port: number }> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/api/`, port };
}

/** A port nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const { server, port } = await listen(() => undefined);
  await new Promise((resolve) => server.close(resolve));
  servers = servers.filter((s) => s !== server);
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

interface ChildOutcome {
  exitCode: number | null;
  result: { started: boolean; name?: string; code?: string; message?: string };
  logs: Array<{ msg?: string }>;
}

async function startInChild(config: SlackConfig, startup?: Record<string, number>): Promise<ChildOutcome> {
  const run = await runScript(CHILD, [JSON.stringify({ config, startup })], { env: { LOG_LEVEL: "info" } });
  const line = run.stdout.trim().split("\n").pop() ?? "{}";
  const logs = run.stderr
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as { msg?: string });
  return { exitCode: run.code, result: JSON.parse(line), logs };
}

/** The platform start-up codes of src/errors.ts, as Discord's start uses them. */
type StartCode = "platform_auth_failed" | "platform_unreachable" | "platform_start_failed" | "http_listen_failed";

function expectCleanFailure(outcome: ChildOutcome, code: StartCode, message: RegExp): void {
  // The child ended by itself (runScript resolved) with the failure it caught, and never said it was up.
  expect(outcome.exitCode).toBe(3);
  expect(outcome.result).toMatchObject({ started: false, name: "AppError", code });
  expect(outcome.result.message).toMatch(message);
  expect(outcome.result.message).not.toContain("\n");
  expect(outcome.logs.map((l) => l.msg).filter((m) => /listening|connected|running/.test(m ?? ""))).toEqual([]);
}

describe("Slack start-up failures", { timeout: 60_000 }, () => {
  it("a rejected bot token (invalid_auth): one line naming SLACK_BOT_TOKEN, no retries, no port opened", async () => {
    fake = await startFakeSlack();
    fake.failMethod("auth.test", "invalid_auth");
    const port = await freePort();
    const outcome = await startInChild(httpConfig(fake.apiUrl, port));
    expectCleanFailure(outcome, "platform_auth_failed", /^slack: the bot token was rejected \(invalid_auth\): check SLACK_BOT_TOKEN/);
    expect(fake.callsOf("auth.test")).toHaveLength(1);
    expect(await accepts(port)).toBe(false);
  });

  it("auth.test refused for another reason than the token: platform_start_failed, one line", async () => {
    fake = await startFakeSlack();
    fake.failMethod("auth.test", "fatal_error");
    const outcome = await startInChild(httpConfig(fake.apiUrl, await freePort()));
    expectCleanFailure(outcome, "platform_start_failed", /^slack: auth\.test failed \(fatal_error\): check SLACK_BOT_TOKEN/);
  });

  it("an API answering HTTP 500: one line naming the status and SLACK_API_URL, after one bounded retry", async () => {
    let calls = 0;
    const api = await listen((_req, res) => {
      calls++;
      res.writeHead(500).end("oops");
    });
    const outcome = await startInChild(httpConfig(api.url), { timeoutMs: 2_000, retries: 1 });
    expectCleanFailure(outcome, "platform_unreachable", /^slack: the Slack API at http:\/\/127\.0\.0\.1:\d+\/api\/ answered HTTP 500 to auth\.test: .*SLACK_API_URL/);
    expect(calls).toBe(2);
  });

  it("an unreachable API: one line naming the connection error", async () => {
    const port = await freePort();
    const outcome = await startInChild(httpConfig(`http://127.0.0.1:${port}/api/`), { timeoutMs: 2_000, retries: 0 });
    expectCleanFailure(outcome, "platform_unreachable", /^slack: cannot reach the Slack API at http:\/\/127\.0\.0\.1:\d+\/api\/ \(ECONNREFUSED\): check the network/);
  });

  it("an API that never answers: gives up after the timeout", async () => {
    const api = await listen(() => undefined);
    const outcome = await startInChild(httpConfig(api.url), { timeoutMs: 300, retries: 0 });
    expectCleanFailure(outcome, "platform_unreachable", /^slack: the Slack API at .* did not answer auth\.test within 0\.3 s/);
  });

  it("Socket Mode with a rejected app-level token: one line naming SLACK_APP_TOKEN", async () => {
    fake = await startFakeSlack();
    fake.failMethod("apps.connections.open", "invalid_auth");
    const config: SlackConfig = { mode: "socket", botToken: "xoxb-test", appToken: "xapp-bad", port: 3000, apiUrl: fake.apiUrl, askEphemeral: true, adminUserIds: [] };
    const outcome = await startInChild(config);
    expectCleanFailure(outcome, "platform_auth_failed", /^slack: Socket Mode was refused \(invalid_auth\): check SLACK_APP_TOKEN/);
    expect(fake.socket.connections()).toBe(0);
  });

  it("HTTP mode on a port already in use: one line naming SLACK_PORT", async () => {
    fake = await startFakeSlack();
    const taken = await listen(() => undefined);
    const outcome = await startInChild(httpConfig(fake.apiUrl, taken.port));
    expectCleanFailure(outcome, "http_listen_failed", /^slack: port \d+ is already in use \(EADDRINUSE\): .*SLACK_PORT/);
  });
});

describe("Slack start-up success", () => {
  it("checks the token once and hands the identity to Bolt, which makes no auth.test of its own", async () => {
    h = await startHarness();
    await h.event(userMessage(h, { type: "app_mention", channel: "CHELP", ts: "50.000001", text: `<@${BOT_USER_ID}> hello?` }));
    await h.waitFor(() => h!.fake.callsOf("chat.postMessage").length > 0, "the answer");
    expect(h.fake.callsOf("auth.test")).toHaveLength(1);
    expect(h.logs.some((l) => l.msg === "slack: bot token accepted" && l.botUserId === BOT_USER_ID)).toBe(true);
  });

  it("rejects in process too, with an AppError carrying the Web API error as its cause", async () => {
    fake = await startFakeSlack();
    fake.failMethod("auth.test", "token_revoked");
    const records = openRecordStore(":memory:");
    let handle: SlackAppHandle | undefined;
    const error = await startSlackApp({
      config: httpConfig(fake.apiUrl),
      asker: { ask: async () => Promise.reject(new Error("unused")) },
      records,
      rateLimiter: createRateLimiter({ limit: 1, windowMs: 60_000 }),
      limits: { maxQuestionChars: 100, timeoutMs: 1_000, historyMaxTurns: 0 },
      logger: pino({ level: "silent" }),
      host: "127.0.0.1",
    }).then(
      (started) => ((handle = started), undefined),
      (e: unknown) => e,
    );
    await handle?.stop();
    records.close();
    expect(isAppError(error, "platform_auth_failed")).toBe(true);
    expect((error as Error).message).toMatch(/^slack: the bot token was rejected \(token_revoked\)/);
    expect((error as Error).cause).toMatchObject({ code: "slack_webapi_platform_error" });
  });
});

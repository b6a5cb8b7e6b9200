// npm start with both chat platforms configured: one process runs the Discord and Slack adapters together,
// against the tests' fakes of both APIs, answers on each, and shuts down cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeDiscord, type FakeDiscord } from "./helpers/fake-discord.js";
import { postSigned, slashCommandBody, startFakeSlack, type FakeSlack } from "./helpers/fake-slack.js";
import { REPO_ROOT } from "./helpers/run-script.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";

const SECRET = "main-test-signing-secret";
let discord: FakeDiscord;
let slack: FakeSlack;
let kb: TempKnowledge;
let child: ChildProcess;
let stderr = "";
let slackPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const limit = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}; stderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  [discord, slack, kb, slackPort] = await Promise.all([startFakeDiscord(), startFakeSlack(), makeTempKnowledge(), freePort()]);
  child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      EMBEDDINGS_PROVIDER: "hashing",
      DATA_DIR: join(kb.root, "data"),
      DISCORD_TOKEN: "main-test-token",
      DISCORD_APP_ID: "900000000000000002",
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN: "xoxb-main-test",
      SLACK_MODE: "http",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: slack.apiUrl,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  await until(() => (stderr.includes("Docent is running") ? true : undefined), "both adapters to start");
});

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all([discord.close(), slack.close(), kb.cleanup()]);
});

describe("npm start with Discord and Slack configured", () => {
  it("answers /ask on Discord", async () => {
    const interaction = discord.sendSlashCommand({ user: { id: "700000000000000001", username: "alice" }, question: "Which Node version does Lumen need?" });
    const edit = await discord.waitForRequest((r) => r.method === "PATCH" && r.path.includes(interaction.token));
    expect(JSON.stringify(edit.body)).toContain("Node 20 or newer");
  });

  it("answers /ask on Slack, in the same process", async () => {
    const body = slashCommandBody({ text: "Which Node version does Lumen need?", userId: "U123", channelId: "C123", responseUrl: slack.responseUrl("main-1") });
    const ack = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, body, "application/x-www-form-urlencoded", { secret: SECRET });
    expect(ack.status).toBe(200);
    const response = await until(() => slack.responses.find((r) => r.id === "main-1"), "the Slack answer");
    expect(JSON.stringify(response.body)).toContain("Node 20 or newer");
  });

  it("never writes a credential to its logs", () => {
    expect(stderr).not.toContain("main-test-token");
    expect(stderr).not.toContain("xoxb-main-test");
    expect(stderr).not.toContain(SECRET);
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("npm start when an adapter cannot start", () => {
  it("stops everything it started and exits 1, so a supervisor can restart it", async () => {
    const badSlack = await startFakeSlack();
    badSlack.failMethod("auth.test", "invalid_auth");
    const port = await freePort();
    try {
      const failing = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          LOG_LEVEL: "silent",
          EMBEDDINGS_PROVIDER: "hashing",
          DATA_DIR: join(kb.root, "data-failing"),
          SLACK_BOT_TOKEN: "xoxb-revoked",
          SLACK_MODE: "http",
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_PORT: String(port),
          SLACK_API_URL: badSlack.apiUrl,
        },
        stdio: "ignore",
      });
      const code = await new Promise<number | null>((r) => failing.once("exit", (c) => r(c)));
      expect(code).toBe(1);
    } finally {
      await badSlack.close();
    }
  });
});

// npm start when something is wrong at start-up: each failure ends with one plain line naming the cause and
// the fix, and exit status 1 (never a JSON record with a stack as the only message, never a live process). A
// damaged record store is not a failure: it is moved aside, reported, and the start goes on.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, truncateSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge } from "../src/core/index.js";
import { startRefusingDiscord, type RefusingDiscord } from "./adapters/discord/refusing-discord.js";
import { startFakeSlack, type FakeSlack } from "./helpers/fake-slack.js";
import { makeTempKnowledge, type TempKnowledge } from "./helpers/temp-knowledge.js";
import { freePort, spawnMain } from "./main-process.js";

let kb: TempKnowledge;
let refusing: RefusingDiscord;
let slack: FakeSlack;
beforeAll(async () => {
  [kb, refusing, slack] = await Promise.all([makeTempKnowledge(), startRefusingDiscord({ kind: "unauthorized" }), startFakeSlack()]);
  await ingestKnowledge(kb.config, await createEmbedder(kb.config.embeddings));
});
afterAll(async () => {
  await Promise.all([kb.cleanup(), refusing.close(), slack.close()]);
});

/** Slack in HTTP mode against `apiUrl`, on a port of its own. */
async function slackEnv(apiUrl: string): Promise<Record<string, string>> {
  return { SLACK_BOT_TOKEN: "xoxb-startup-test", SLACK_MODE: "http", SLACK_SIGNING_SECRET: "startup-secret", SLACK_PORT: String(await freePort()), SLACK_API_URL: apiUrl };
}

async function run(env: Record<string, string>, indexDir = kb.indexDir) {
  const main = spawnMain(["--knowledge", kb.knowledgeDir, "--index", indexDir], { DATA_DIR: join(kb.root, "data"), ...env });
  const code = await main.exited;
  const lines = main.stderr().trimEnd().split("\n");
  return { code, stderr: main.stderr(), lastLine: lines.at(-1) ?? "" };
}

describe("npm start fails at start-up with one line and exit 1", { timeout: 90_000 }, () => {
  it("a Discord token that Discord refuses", async () => {
    const result = await run({ DISCORD_TOKEN: "revoked", DISCORD_API_URL: refusing.apiUrl });
    expect(result.code).toBe(1);
    expect(result.lastLine).toMatch(/^discord: Discord refused the bot token \(401 Unauthorized\).* Fix: .*DISCORD_TOKEN\.$/);
    expect(result.stderr).not.toContain('"level":60');
    expect(result.stderr).not.toContain("Docent is running");
  });

  it("a Discord API that cannot be reached", async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}/api`;
    const result = await run({ DISCORD_TOKEN: "any", DISCORD_API_URL: apiUrl });
    expect(result.code).toBe(1);
    expect(result.lastLine).toBe(`discord: cannot reach the Discord API at ${apiUrl} (ECONNREFUSED). Fix: check the network, firewall or proxy, and DISCORD_API_URL.`);
  });

  it("a Slack bot token that Slack rejects", async () => {
    slack.failMethod("auth.test", "invalid_auth");
    const result = await run(await slackEnv(slack.apiUrl));
    expect(result.code).toBe(1);
    expect(result.lastLine).toMatch(/^slack: the bot token was rejected \(invalid_auth\): check SLACK_BOT_TOKEN .*xoxb-/);
    expect(result.stderr).not.toContain('"level":60');
    expect(result.stderr).not.toContain("Docent is running");
  });

  it("a Slack bot token that was revoked", async () => {
    slack.failMethod("auth.test", "token_revoked");
    const result = await run(await slackEnv(slack.apiUrl));
    expect(result.code).toBe(1);
    expect(result.lastLine).toMatch(/^slack: the bot token was rejected \(token_revoked\): .*reinstall the app if it was revoked$/);
    expect(result.stderr).not.toContain('"level":60');
  });

  it("a Slack API that cannot be reached", async () => {
    const apiUrl = `http://127.0.0.1:${await freePort()}/api/`;
    const result = await run(await slackEnv(apiUrl));
    expect(result.code).toBe(1);
    expect(result.lastLine).toBe(`slack: cannot reach the Slack API at ${apiUrl} (ECONNREFUSED): check the network, a proxy or SLACK_API_URL`);
    expect(result.stderr).not.toContain('"level":60');
  });

  it("a health port that is taken", async () => {
    const port = await freePort();
    const { createServer } = await import("node:net");
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, "127.0.0.1", r));
    try {
      const result = await run({ HTTP_PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.lastLine).toBe(`http: cannot listen on 127.0.0.1:${port} (EADDRINUSE): another process uses that port: stop it, or set HTTP_PORT to a free port.`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it("a bad setting", async () => {
    const result = await run({ HTTP_PORT: "ninety" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("HTTP_PORT");
    expect(result.stderr).not.toContain('"level"');
  });

  it("a damaged index", async () => {
    const damaged = join(kb.root, "damaged-index");
    const { cpSync } = await import("node:fs");
    cpSync(kb.indexDir, damaged, { recursive: true });
    const generation = readFileSync(join(damaged, "CURRENT"), "utf8").trim();
    const chunks = join(damaged, generation, "chunks.sqlite");
    truncateSync(chunks, Math.floor(statSync(chunks).size / 2));
    const result = await run({}, damaged);
    expect(result.code).toBe(1);
    expect(result.lastLine).toContain("npm run ingest -- --full");
    expect(result.stderr).not.toContain('"level":60');
  });
});

describe("npm start with a damaged record store", { timeout: 90_000 }, () => {
  it("moves it aside, says so, and starts with a new one", async () => {
    const dataDir = join(kb.root, "data-damaged");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "docent.sqlite"), randomBytes(8192));
    // No platform configured and stdin at its end: the terminal prompt starts and ends at once.
    const result = await run({ DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/"level":50.*was not a usable database \(file is not a database\); moved it aside to .*docent\.sqlite\.corrupt-/);
    const names = readdirSync(dataDir);
    expect(names.filter((n) => n.startsWith("docent.sqlite.corrupt-"))).toHaveLength(1);
    expect(names).toContain("docent.sqlite");
    expect(names).toContain("record-key");
  });
});

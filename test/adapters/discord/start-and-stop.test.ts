// Starting the Discord adapter fails fast with one message naming the cause and the fix (refused token, gateway
// refusal, unreachable or silent API, for the bot and for discord:deploy); once running, it reports its
// connection going down and up, and stop() lets an answer being worked out reach the member first.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { deployCommands } from "../../../src/adapters/discord/deploy-commands.js";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { createRateLimiter, openRecordStore } from "../../../src/core/index.js";
import type { AppError } from "../../../src/errors.js";
import { createLogger } from "../../../src/logger.js";
import { APP_ID, startFakeDiscord } from "../../helpers/fake-discord.js";
import { ALICE, INSTALL_ANSWER, editOf, scriptedAsker } from "./harness.js";
import { startRefusingDiscord, type Refusal, type RefusingDiscord } from "./refusing-discord.js";

const config = { token: "test-token", appId: APP_ID, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [] };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function deps(apiUrl: string, extra: { startTimeoutMs?: number; onConnectionChange?: (up: boolean, reason?: string) => void; asker?: ReturnType<typeof scriptedAsker> } = {}) {
  const records = openRecordStore(":memory:");
  cleanups.push(() => records.close());
  return {
    config: { ...config, apiUrl },
    asker: extra.asker ?? scriptedAsker(),
    records,
    rateLimiter: createRateLimiter({ limit: 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: createLogger("discord-test"),
    startTimeoutMs: extra.startTimeoutMs,
    onConnectionChange: extra.onConnectionChange,
  };
}

async function refusing(refusal: Refusal): Promise<RefusingDiscord> {
  const fake = await startRefusingDiscord(refusal);
  cleanups.push(() => fake.close());
  return fake;
}

async function failure(start: Promise<unknown>): Promise<AppError> {
  try {
    await start;
  } catch (error) {
    return error as AppError;
  }
  throw new Error("expected the start to fail");
}

/** A loopback port nobody listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/api`;
}

describe("startDiscordBot when Discord will not let it in", { timeout: 20_000 }, () => {
  it("a refused token: platform_auth_failed, saying to reset the token", async () => {
    const fake = await refusing({ kind: "unauthorized" });
    const error = await failure(startDiscordBot(deps(fake.apiUrl)));
    expect(error.code).toBe("platform_auth_failed");
    expect(error.message).toMatch(/^discord: Discord refused the bot token .*Reset Token.*DISCORD_TOKEN/);
    expect(error.message).not.toContain("\n");
  });

  it("a token the gateway refuses (4004): platform_auth_failed", async () => {
    const fake = await refusing({ kind: "gateway-close", code: 4004 });
    const error = await failure(startDiscordBot(deps(fake.apiUrl)));
    expect(error.code).toBe("platform_auth_failed");
    expect(error.message).toContain("4004");
  });

  it("the Message Content intent not enabled (4014): says where to turn it on", async () => {
    const fake = await refusing({ kind: "gateway-close", code: 4014 });
    const error = await failure(startDiscordBot(deps(fake.apiUrl)));
    expect(error.code).toBe("platform_start_failed");
    expect(error.message).toContain("Privileged Gateway Intents → turn on Message Content Intent");
  });

  it("an unreachable API: platform_unreachable, naming the URL and DISCORD_API_URL", async () => {
    const apiUrl = await closedPortUrl();
    const error = await failure(startDiscordBot(deps(apiUrl)));
    expect(error.code).toBe("platform_unreachable");
    expect(error.message).toContain(`cannot reach the Discord API at ${apiUrl} (ECONNREFUSED)`);
    expect(error.message).toContain("DISCORD_API_URL");
  });

  it("an API that never answers: gives up at the start deadline", async () => {
    const fake = await refusing({ kind: "silent" });
    const error = await failure(startDiscordBot(deps(fake.apiUrl, { startTimeoutMs: 1_000 })));
    expect(error.code).toBe("platform_unreachable");
    expect(error.message).toContain("no gateway session within 1 s");
  });
});

describe("discord:deploy when Discord refuses", { timeout: 20_000 }, () => {
  it("a refused token: one line saying to reset it", async () => {
    const fake = await refusing({ kind: "unauthorized" });
    const error = await failure(deployCommands({ ...config, apiUrl: fake.apiUrl }));
    expect(error.code).toBe("platform_auth_failed");
    expect(error.message).toMatch(/^discord:deploy: Discord refused the bot token .*Reset Token/);
  });

  it("an unreachable API: names it", async () => {
    const apiUrl = await closedPortUrl();
    const error = await failure(deployCommands({ ...config, apiUrl }));
    expect(error.code).toBe("platform_unreachable");
    expect(error.message).toContain(`discord:deploy: cannot reach the Discord API at ${apiUrl}`);
  });
});

describe("a running Discord adapter", { timeout: 20_000 }, () => {
  it("identifies as one shard of many with DISCORD_SHARD_ID/DISCORD_SHARD_COUNT, and as the only one without", async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const sharded = deps(fake.apiUrl);
    const bot = await startDiscordBot({ ...sharded, config: { ...sharded.config, shard: { id: 1, count: 4 } } });
    cleanups.push(() => bot.stop(0));
    const single = await startDiscordBot(deps(fake.apiUrl));
    cleanups.push(() => single.stop(0));
    expect(fake.identifies.map((d) => (d as { shard?: unknown }).shard)).toEqual([[1, 4], [0, 1]]);
  });

  it("reports its connection up, down while it reconnects, and up again", async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const changes: Array<[boolean, string | undefined]> = [];
    const bot = await startDiscordBot(deps(fake.apiUrl, { onConnectionChange: (up, reason) => changes.push([up, reason]) }));
    cleanups.push(() => bot.stop(0));
    expect(changes).toEqual([[true, undefined]]);
    fake.dropGateway();
    const limit = Date.now() + 15_000;
    while (changes.length < 3 && Date.now() < limit) await new Promise((r) => setTimeout(r, 20));
    expect(changes.slice(1)).toEqual([
      [false, "gateway connection lost; reconnecting"],
      [true, undefined],
    ]);
  });

  it("reports the connection down for good, with the cause, when Discord ends the session (a revoked token)", async () => {
    const fake = await refusing({ kind: "session" });
    const changes: Array<[boolean, string | undefined]> = [];
    const bot = await startDiscordBot(deps(fake.apiUrl, { onConnectionChange: (up, reason) => changes.push([up, reason]) }));
    cleanups.push(() => bot.stop(0));
    fake.closeSession(4004);
    const limit = Date.now() + 15_000;
    while (changes.length < 2 && Date.now() < limit) await new Promise((r) => setTimeout(r, 20));
    expect(changes[0]).toEqual([true, undefined]);
    expect(changes[1]?.[0]).toBe(false);
    expect(changes[1]?.[1]).toMatch(/^the gateway refused the bot token \(4004 AuthenticationFailed\)\. Fix: /);
  });

  it("stop() lets an answer being worked out reach the member before it closes the gateway", async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    let release!: () => void;
    let markAsked!: () => void;
    const asked = new Promise<void>((resolve) => (markAsked = resolve));
    const asker = scriptedAsker(async () => {
      markAsked();
      await new Promise<void>((resolve) => (release = resolve));
      return INSTALL_ANSWER;
    });
    const bot = await startDiscordBot(deps(fake.apiUrl, { asker }));
    const interaction = fake.sendSlashCommand({ user: ALICE, question: "How do I install it?" });
    await asked;
    const stopped = bot.stop(5_000);
    setTimeout(() => release(), 200);
    await stopped;
    const edit = fake.requests.find(editOf(interaction));
    expect(edit?.body.content).toBe(INSTALL_ANSWER.answer);
  });
});

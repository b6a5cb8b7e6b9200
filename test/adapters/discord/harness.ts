// Starts the real Discord adapter against the fake Discord, with a scripted AskService that records what it was
// asked, an in-memory record store and a rate limiter. Each test gets its own, so nothing leaks between tests.
import type { DiscordConfig } from "../../../src/config.js";
import { createRateLimiter, openRecordStore, type Answer, type AskOptions, type AskService, type SqliteRecordStore } from "../../../src/core/index.js";
import type { DiscordBotDeps } from "../../../src/adapters/discord/deps.js";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { pino } from "pino";
import { createLogger, type Logger } from "../../../src/logger.js";
import { APP_ID, startFakeDiscord, type FakeDiscord, type FakeUser, type RecordedRequest } from "../../helpers/fake-discord.js";

export const ALICE: FakeUser = { id: "800000000000000001", username: "alice" };
export const BOB: FakeUser = { id: "800000000000000002", username: "bob" };
export const OTHER_BOT: FakeUser = { id: "800000000000000003", username: "otherbot", bot: true };

export const INSTALL_ANSWER: Answer = {
  answer: "Run the install script, then set DOCENT_TOKEN [1].",
  citations: [
    { n: 1, title: "Install guide", section: "Setup › Tokens", url: "https://docs.example.org/install", file: "install.md", score: 0.91 },
  ],
  grounded: true,
  timings: { retrieveMs: 1, answerMs: 1 },
};

export interface ScriptedAsker extends AskService {
  calls: { question: string; history: NonNullable<AskOptions["history"]> }[];
}

export function scriptedAsker(respond: (question: string, call: number) => Answer | Promise<Answer> = () => INSTALL_ANSWER): ScriptedAsker {
  const calls: ScriptedAsker["calls"] = [];
  return {
    calls,
    async ask(question, options) {
      calls.push({ question, history: options?.history ?? [] });
      return respond(question, calls.length);
    },
  };
}

/** Wraps a real AskService (the fixture docent) so tests can still see what reached ask(). */
export function recordingAsker(inner: AskService): ScriptedAsker {
  const calls: ScriptedAsker["calls"] = [];
  return {
    calls,
    ask(question, options) {
      calls.push({ question, history: options?.history ?? [] });
      return inner.ask(question, options);
    },
  };
}

export interface HarnessOptions {
  asker?: AskService;
  config?: Partial<DiscordConfig>;
  limits?: Partial<DiscordBotDeps["limits"]>;
  ratePerMinute?: number;
  logger?: Logger;
}

/** A logger whose records tests can read back, to check what an error was logged with. */
export function capturingLogger(): { logger: Logger; records: Array<Record<string, any>> } {
  const records: Array<Record<string, any>> = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { logger, records };
}

export interface Harness {
  fake: FakeDiscord;
  records: SqliteRecordStore;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeDiscord();
  const records = openRecordStore(":memory:");
  const bot = await startDiscordBot({
    config: { token: "test-token", appId: APP_ID, apiUrl: fake.apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [], ...options.config },
    asker: options.asker ?? scriptedAsker(),
    records,
    rateLimiter: createRateLimiter({ limit: options.ratePerMinute ?? 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6, ...options.limits },
    logger: options.logger ?? createLogger("discord-test"),
  });
  return {
    fake,
    records,
    async close() {
      await bot.stop();
      await fake.close();
      records.close();
    },
  };
}

// Matchers for the REST calls the bot makes.
export const callbackOf = (interaction: { id: string; token: string }) => (r: RecordedRequest) =>
  r.method === "POST" && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`;
export const editOf = (interaction: { token: string }) => (r: RecordedRequest) =>
  r.method === "PATCH" && r.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`;
export const followUpOf = (interaction: { token: string }) => (r: RecordedRequest) =>
  r.method === "POST" && r.path === `/webhooks/${APP_ID}/${interaction.token}`;
export const postIn = (channelId: string) => (r: RecordedRequest) => r.method === "POST" && r.path === `/channels/${channelId}/messages`;

/** Every message the bot sent or edited must have mentions disabled, whatever path it took. */
export function expectNoMentionsAnywhere(fake: FakeDiscord): number {
  let checked = 0;
  for (const r of fake.requests) {
    const sendsMessage =
      (r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path)) ||
      (r.method === "PATCH" && r.path.startsWith("/webhooks/")) ||
      (r.method === "POST" && /^\/webhooks\/\d+\/[^/]+$/.test(r.path));
    const data = sendsMessage ? r.body : r.path.endsWith("/callback") && r.body?.type === 4 ? r.body.data : undefined;
    if (!data) continue;
    checked++;
    if (JSON.stringify(data.allowed_mentions?.parse) !== "[]") throw new Error(`${r.method} ${r.path} may ping: ${JSON.stringify(data.allowed_mentions)}`);
  }
  return checked;
}

// /docent latest | search | summarize on Discord, driven through the real discord.js client against the fake
// Discord: deferred at once, answered by editing the reply, within Discord's limits, never pinging anyone,
// paging with buttons, and counted against the same per-member rate limit as /ask.
import { afterEach, describe, expect, it } from "vitest";
import { pagingId, parsePagingId } from "../../../src/adapters/discord/commands/docent.js";
import type { DiscordBotDeps } from "../../../src/adapters/discord/deps.js";
import { startDiscordBot } from "../../../src/adapters/discord/start-discord-bot.js";
import { TASKS_UNAVAILABLE } from "../../../src/adapters/discord/task-flow.js";
import { NOT_IN_THIS_CHANNEL } from "../../../src/adapters/discord/notices.js";
import { createRateLimiter, openRecordStore } from "../../../src/core/index.js";
import type { TaskService } from "../../../src/core/index.js";
import { createLogger } from "../../../src/logger.js";
import { APP_ID, CHANNEL_ID, OTHER_CHANNEL_ID, startFakeDiscord, type FakeDiscord, type FakeUser } from "../../helpers/fake-discord.js";
import { DOCS, recordingTasks } from "../task-data.js";
import { ALICE, BOB, callbackOf, editOf, expectNoMentionsAnywhere } from "./harness.js";

let fake: FakeDiscord | undefined;
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  if (fake) expect(expectNoMentionsAnywhere(fake)).toBeGreaterThanOrEqual(0);
  await stop?.();
  await fake?.close();
  fake = undefined;
  stop = undefined;
});

async function startBot(options: { tasks?: TaskService | null; ratePerMinute?: number; config?: Partial<DiscordBotDeps["config"]> } = {}) {
  fake = await startFakeDiscord();
  const records = openRecordStore(":memory:");
  const bot = await startDiscordBot({
    config: { token: "test-token", appId: APP_ID, apiUrl: fake.apiUrl, allowedChannels: [], answerMentions: true, threadFollowups: true, adminRoleIds: [], ...options.config },
    asker: { ask: async () => ({ answer: "unused", citations: [], grounded: false, timings: { retrieveMs: 0, answerMs: 0 } }) },
    records,
    rateLimiter: createRateLimiter({ limit: options.ratePerMinute ?? 1_000, windowMs: 60_000 }),
    limits: { maxQuestionChars: 1_000, timeoutMs: 10_000, historyMaxTurns: 6 },
    logger: createLogger("discord-docent-test"),
    ...(options.tasks === null ? {} : { tasks: options.tasks ?? recordingTasks() }),
  });
  stop = async () => {
    await bot.stop();
    records.close();
  };
  return fake;
}

type Option = { name: string; type: number; value: string | number | boolean };
const docent = (user: FakeUser, sub: string, options: Option[] = [], channelId = CHANNEL_ID) =>
  fake!.sendCommand({ user, name: "docent", options: [{ name: sub, type: 1, options }], channelId });
const str = (name: string, value: string): Option => ({ name, type: 3, value });
const int = (name: string, value: number): Option => ({ name, type: 4, value });

/** Every message body the bot sent stays within Discord's limits. */
function expectWithinLimits(body: any) {
  expect((body.content ?? "").length).toBeLessThanOrEqual(2_000);
  let total = 0;
  for (const embed of body.embeds ?? []) {
    expect((embed.description ?? "").length).toBeLessThanOrEqual(4_096);
    expect((embed.title ?? "").length).toBeLessThanOrEqual(256);
    for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1_024);
    total += (embed.description ?? "").length + (embed.title ?? "").length + (embed.fields ?? []).reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(6_000);
}

describe("/docent on Discord", { timeout: 30_000 }, () => {
  it("latest [n] [topic]: defers, then lists the newest documents with date, link and summary", async () => {
    const tasks = recordingTasks();
    await startBot({ tasks });
    const interaction = docent(ALICE, "latest", [int("n", 3), str("topic", "security")]);
    const edit = await fake!.waitForRequest(editOf(interaction));
    expect(fake!.requests.find(callbackOf(interaction))?.body).toMatchObject({ type: 5 });
    expect(fake!.requests.find(callbackOf(interaction))?.body.data.flags ?? 0).toBe(0); // public, as asked
    expect(tasks.calls).toEqual([{ task: "latest", args: [{ n: 3, topic: "security" }] }]);
    expect(edit.body.content).toBe("Newest documents about “security”:");
    const description: string = edit.body.embeds[0].description;
    expect(description.split("\n\n")).toHaveLength(3);
    // Titles render as text: the @everyone and the asterisks of the first title are escaped, and nothing may ping.
    expect(description).toContain("**1.** [Release 12: \\@everyone should upgrade \\*now\\*](https://blog.example.org/release-12) · 2024-12-01");
    expect(description).toContain("What changed in release 12: security fixes");
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expectWithinLimits(edit.body);
  });

  it("latest fits 25 long documents into Discord's limits", async () => {
    const long = Array.from({ length: 25 }, (_, i) => ({ ...DOCS[0]!, file: `f${i}.md`, title: `T${i} ${"x".repeat(400)}`, summary: "word ".repeat(400) }));
    await startBot({ tasks: recordingTasks({ latest: async () => long }) });
    const edit = await fake!.waitForRequest(editOf(docent(ALICE, "latest", [int("n", 25)])));
    expectWithinLimits(edit.body);
    expect(edit.body.embeds[0].description).toMatch(/… and \d+ more$/);
  });

  it("search <words>: ranked documents with section and link, paged with buttons the searcher turns", async () => {
    const tasks = recordingTasks();
    await startBot({ tasks });
    const interaction = docent(ALICE, "search", [str("words", "release")]);
    const edit = await fake!.waitForRequest(editOf(interaction));
    expect(edit.body.content).toBe("Documents matching “release” — page 1 of 3 (12 documents):");
    expect(edit.body.embeds[0].description).toContain("**1.** [Release 12: \\@everyone should upgrade \\*now\\*](https://blog.example.org/release-12) · Upgrading › Steps");
    const [previous, next] = edit.body.components[0].components;
    expect(previous).toMatchObject({ label: "◀ Previous", disabled: true });
    expect(next).toMatchObject({ label: "Next ▶", disabled: false });
    expect(parsePagingId(next.custom_id)).toEqual({ page: 2, query: "release" });

    // The searcher presses ▶: the same message turns to page 2.
    const message = { ...edit.response, interaction_metadata: { id: interaction.id, type: 2, user: { id: ALICE.id, username: ALICE.username, discriminator: "0", avatar: null }, authorizing_integration_owners: {} } };
    const press = fake!.pressButton({ user: ALICE, message, customId: next.custom_id });
    const update = await fake!.waitForRequest(editOf(press));
    expect(fake!.requests.find(callbackOf(press))?.body).toMatchObject({ type: 6 });
    expect(update.body.content).toBe("Documents matching “release” — page 2 of 3 (12 documents):");
    expect(update.body.embeds[0].description).toMatch(/^\*\*6\.\*\* \[Release 7 notes\]/);
    expect(update.body.components[0].components.map((c: any) => c.disabled)).toEqual([false, false]);
    expect(tasks.calls.at(-1)).toEqual({ task: "searchDocuments", args: ["release", { page: 2, pageSize: 5 }] });

    // Someone else pressing gets the page privately; the shared message is not changed under its readers.
    const other = fake!.pressButton({ user: BOB, message, customId: pagingId(3, "release") });
    const privately = await fake!.waitForRequest(editOf(other));
    expect(fake!.requests.find(callbackOf(other))?.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(privately.body.content).toBe("Documents matching “release” — page 3 of 3 (12 documents):");
    expect(privately.body.embeds[0].description.split("\n\n")).toHaveLength(2);
    expect(privately.body.components[0].components.map((c: any) => c.disabled)).toEqual([false, true]);
  });

  it("search with a page option, a query too long for a button id, and no results", async () => {
    const tasks = recordingTasks();
    await startBot({ tasks });
    const paged = await fake!.waitForRequest(editOf(docent(ALICE, "search", [str("words", "release"), int("page", 3)])));
    expect(paged.body.content).toContain("page 3 of 3");

    const longQuery = `release ${"process ".repeat(20)}`.trim();
    const long = await fake!.waitForRequest(editOf(docent(ALICE, "search", [str("words", longQuery)])));
    const nextId: string = long.body.components[0].components[1].custom_id;
    expect(nextId.length).toBeLessThanOrEqual(100);
    expect(parsePagingId(nextId)).toEqual({ page: 2, query: longQuery });

    const none = await fake!.waitForRequest(editOf(docent(ALICE, "search", [str("words", "kubernetes")])));
    expect(none.body).toMatchObject({ content: "No documents match “kubernetes”.", embeds: [], components: [] });
  });

  it("summarize <target>: the summary with its sections and cited sources; an unknown target names the closest titles", async () => {
    await startBot();
    const edit = await fake!.waitForRequest(editOf(docent(ALICE, "summarize", [str("target", "https://blog.example.org/release-11")])));
    const embed = edit.body.embeds[0];
    expect(embed).toMatchObject({ title: "Release 11 notes", url: "https://blog.example.org/release-11" });
    expect(embed.description).toBe("Release 11 fixes two security issues [1] and changes the release process [2].");
    expect(embed.fields[0]).toEqual({ name: "Sections", value: "• Highlights\n\n• Upgrading › Steps" });
    expect(embed.fields[1].name).toBe("Sources");
    expect(embed.fields[1].value).toContain("`[1]` [Release 11 notes](https://blog.example.org/release-11) — Highlights");
    expectWithinLimits(edit.body);

    const missing = await fake!.waitForRequest(editOf(docent(ALICE, "summarize", [str("target", "the kubernetes guide")])));
    expect(missing.body.content).toBe("I couldn't find a document matching “the kubernetes guide”. Closest: “Release 11 notes”, “Release 10 notes”.");
  });

  it("applies the per-member rate limit: one notice, then silence; other members are unaffected", async () => {
    const tasks = recordingTasks();
    await startBot({ tasks, ratePerMinute: 1 });
    await fake!.waitForRequest(editOf(docent(ALICE, "latest")));
    const limited = docent(ALICE, "search", [str("words", "release")]);
    const notice = await fake!.waitForRequest(callbackOf(limited));
    expect(notice.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(notice.body.data.content).toMatch(/faster than I can answer/);
    docent(ALICE, "latest");
    // Bob's command is answered, and Alice's third got no reply at all: no callback was sent for it.
    await fake!.waitForRequest(editOf(docent(BOB, "latest")));
    expect(fake!.requests.filter((r) => r.path.endsWith("/callback"))).toHaveLength(3);
    expect(tasks.calls.map((c) => c.task)).toEqual(["latest", "latest"]);
  });

  it("refuses outside the allowed channels, and says so when this process has no task service", async () => {
    await startBot({ config: { allowedChannels: [CHANNEL_ID] } });
    const elsewhere = docent(ALICE, "latest", [], OTHER_CHANNEL_ID);
    expect((await fake!.waitForRequest(callbackOf(elsewhere))).body).toMatchObject({ type: 4, data: { flags: 64, content: NOT_IN_THIS_CHANNEL } });
    await stop!();
    await fake!.close();

    await startBot({ tasks: null });
    const unavailable = docent(ALICE, "latest");
    expect((await fake!.waitForRequest(callbackOf(unavailable))).body).toMatchObject({ type: 4, data: { flags: 64, content: TASKS_UNAVAILABLE } });
  });

  it("apologises when the core fails, without showing the error", async () => {
    await startBot({ tasks: recordingTasks({ latest: async () => Promise.reject(new Error("disk on fire")) }) });
    const edit = await fake!.waitForRequest(editOf(docent(ALICE, "latest")));
    expect(edit.body.content).toBe("Sorry — I couldn't answer that just now. Please try again in a moment.");
  });
});

// /docent latest [n] [topic] | search <words> [page] | summarize <target>: the chat tasks beyond a single
// question, through the shared core (TaskService). Checks are instant and answered directly (ephemerally);
// anything that reaches the core is deferred at once (Discord's 3-second deadline) and edited in when ready.
// Search results of more than one page carry ◀ / ▶ buttons (handled by handleSearchPageButton below).
import { randomBytes } from "node:crypto";
import { MessageFlags, SlashCommandBuilder, type ButtonInteraction } from "discord.js";
import { isAllowedChannel } from "../channel-policy.js";
import type { DiscordBotDeps } from "../deps.js";
import { CUSTOM_ID_MAX, fitContent, formatLatest, formatSearchPage, formatSummary } from "../format-tasks.js";
import type { DiscordReply } from "../format-answer.js";
import { NO_MENTIONS, NOT_IN_THIS_CHANNEL } from "../notices.js";
import { refuseTask, runTask, TASKS_UNAVAILABLE } from "../task-flow.js";
import type { Command } from "./index.js";

export const LATEST_MAX = 25;
export const SEARCH_PAGE_SIZE = 5;
const WORDS_MAX = 300;

export const docentCommand = {
  data: new SlashCommandBuilder()
    .setName("docent")
    .setDescription("Browse the knowledge base: newest documents, search, summaries.")
    .addSubcommand((sub) =>
      sub
        .setName("latest")
        .setDescription("The newest documents, with date, link and a one-line summary")
        .addIntegerOption((o) => o.setName("n").setDescription("How many (default 5)").setMinValue(1).setMaxValue(LATEST_MAX))
        .addStringOption((o) => o.setName("topic").setDescription("Only documents about this").setMaxLength(WORDS_MAX))
        .addBooleanOption((o) => o.setName("private").setDescription("Only you see the reply (default: false)")),
    )
    .addSubcommand((sub) =>
      sub
        .setName("search")
        .setDescription("Find documents (not an answer): ranked, with section and link")
        .addStringOption((o) => o.setName("words").setDescription("What to look for").setRequired(true).setMaxLength(WORDS_MAX))
        .addIntegerOption((o) => o.setName("page").setDescription("Page of results (default 1)").setMinValue(1).setMaxValue(100))
        .addBooleanOption((o) => o.setName("private").setDescription("Only you see the reply (default: false)")),
    )
    .addSubcommand((sub) =>
      sub
        .setName("summarize")
        .setDescription("A short summary of one document, with its sections")
        .addStringOption((o) => o.setName("target").setDescription("The document's URL, title or file").setRequired(true).setMaxLength(WORDS_MAX))
        .addBooleanOption((o) => o.setName("private").setDescription("Only you see the reply (default: false)")),
    ),

  async execute(interaction, deps) {
    const ephemeral = interaction.options.getBoolean("private") ?? false;
    const notify = (content: string) =>
      interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).then(() => undefined);
    if (!isAllowedChannel(deps.config, interaction.channelId, interaction.channel)) return notify(NOT_IN_THIS_CHANNEL);
    const tasks = deps.tasks;
    if (!tasks) return notify(TASKS_UNAVAILABLE);

    const sub = interaction.options.getSubcommand(true);
    const words =
      sub === "search" ? interaction.options.getString("words", true) : sub === "summarize" ? interaction.options.getString("target", true) : (interaction.options.getString("topic") ?? "");
    const refused = await refuseTask(deps, interaction.user.id, words);
    if (refused !== undefined) {
      // Already told it is rate-limited in this window: no second notice.
      if (refused) await notify(refused);
      return;
    }

    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    let reply: DiscordReply | string;
    if (sub === "latest") {
      const topic = words.trim() || undefined;
      const result = await runTask(deps, "latest", () => tasks.latest({ n: interaction.options.getInteger("n") ?? undefined, topic }));
      reply = result.ok ? formatLatest(result.value, topic) : result.notice;
    } else if (sub === "search") {
      reply = await searchReply(deps, words.trim(), interaction.options.getInteger("page") ?? 1);
    } else {
      const result = await runTask(deps, "summarize", () => tasks.summarize(words.trim()));
      reply = result.ok ? formatSummary(result.value) : result.notice;
    }
    await interaction.editReply(toEdit(reply));
  },
} satisfies Command;

/** A ◀ / ▶ press under search results: the page is fetched again from the core (no state but the query). */
export async function handleSearchPageButton(interaction: ButtonInteraction, deps: DiscordBotDeps): Promise<void> {
  const parsed = parsePagingId(interaction.customId);
  if (!parsed) return;
  const notify = (content: string) =>
    interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS }).then(() => undefined);
  if (!deps.tasks) return notify(TASKS_UNAVAILABLE);
  if (parsed.query === undefined) return notify("Those results have expired; run `/docent search` again.");
  const refused = await refuseTask(deps, interaction.user.id, parsed.query);
  if (refused !== undefined) {
    if (refused) await notify(refused);
    return;
  }
  // The member who ran the search turns its pages; anyone else gets the page for themselves, so a shared
  // result is never changed under the people reading it.
  const owner = interaction.message.interactionMetadata?.user.id;
  const ownMessage = interaction.message.flags.has(MessageFlags.Ephemeral) || owner === interaction.user.id;
  if (ownMessage) await interaction.deferUpdate();
  else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await interaction.editReply(toEdit(await searchReply(deps, parsed.query, parsed.page)));
}

async function searchReply(deps: DiscordBotDeps, query: string, page: number): Promise<DiscordReply | string> {
  const result = await runTask(deps, "search", () => deps.tasks!.searchDocuments(query, { page, pageSize: SEARCH_PAGE_SIZE }));
  if (!result.ok) return result.notice;
  return formatSearchPage(result.value, { pageSize: SEARCH_PAGE_SIZE, pagingId: (target) => pagingId(target, query) });
}

function toEdit(reply: DiscordReply | string) {
  const r: DiscordReply = typeof reply === "string" ? { content: reply } : reply;
  return { content: fitContent(r.content ?? ""), embeds: r.embeds ?? [], components: r.components ?? [], allowedMentions: NO_MENTIONS };
}

// Paging ids: "docent-search:<page>:q<query>" when the query fits Discord's 100-character custom id, otherwise
// "docent-search:<page>:k<key>" with the query kept in memory (a press after a restart is told to search again).
const PAGING_PREFIX = "docent-search";
const longQueries = new Map<string, string>();
const LONG_QUERIES_MAX = 1_000;

export function pagingId(page: number, query: string): string {
  const inline = `${PAGING_PREFIX}:${page}:q${query}`;
  if (inline.length <= CUSTOM_ID_MAX) return inline;
  let key = [...longQueries].find(([, q]) => q === query)?.[0];
  if (!key) {
    // Random, so an old button pressed after a restart cannot pick up someone else's query.
    key = randomBytes(9).toString("base64url");
    longQueries.set(key, query);
    if (longQueries.size > LONG_QUERIES_MAX) longQueries.delete(longQueries.keys().next().value as string);
  }
  return `${PAGING_PREFIX}:${page}:k${key}`;
}

/** Undefined for ids that are not paging buttons; `query` undefined when a long query was forgotten. */
export function parsePagingId(customId: string): { page: number; query: string | undefined } | undefined {
  const match = /^docent-search:(\d{1,3}):([qk])([\s\S]*)$/.exec(customId);
  if (!match) return undefined;
  const page = Number(match[1]);
  if (page < 1) return undefined;
  return { page, query: match[2] === "q" ? match[3]! : longQueries.get(match[3]!) };
}

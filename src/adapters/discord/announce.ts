// Posts the core's announcement of new documents in a Discord channel: one message, the list in an embed
// (titles linked to their pages), mentions disabled, so a title with @everyone in it stays inert.
// The core decides what to announce and when (src/core/announce/); this only turns it into a message.
import { Routes, type Client } from "discord.js";
import type { Announcement, AnnouncementPoster } from "../../core/index.js";
import type { DiscordReply } from "./format-answer.js";
import { escapeMarkdown } from "./format-tasks.js";

const TITLE_MAX = 200;
const URL_MAX = 500;

export function formatAnnouncement(announcement: Announcement): DiscordReply {
  const count = announcement.documents.length + announcement.more;
  const lines = announcement.documents.map((d) => {
    const title = escapeMarkdown(truncate(d.title.replace(/\s+/g, " ").trim() || d.file, TITLE_MAX));
    const url = d.url && d.url.length <= URL_MAX && /^https?:\/\/\S+$/i.test(d.url) ? d.url.replace(/\(/g, "%28").replace(/\)/g, "%29") : undefined;
    return `• ${url ? `[${title}](${url})` : `**${title}**`}`;
  });
  if (announcement.more > 0) lines.push(`… and ${announcement.more} more`);
  return {
    content: count === 1 ? "New in the knowledge base:" : `${count} new documents in the knowledge base:`,
    embeds: [{ color: 0x1d3557, description: lines.join("\n"), footer: { text: "Ask about them with /ask, or browse with /docent latest." } }],
  };
}

export function discordAnnouncementPoster(client: Client): AnnouncementPoster {
  return {
    async post(channelId, announcement) {
      await client.rest.post(Routes.channelMessages(channelId), { body: { ...formatAnnouncement(announcement), allowed_mentions: { parse: [] } } });
    },
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// Posts the core's announcement of new documents in a Slack channel (the app must be invited to it): one
// message, titles linked to their pages, escaped, broadcasts defused and no link unfurling, so it can never
// ping a channel. The core decides what to announce and when (src/core/announce/); this only posts it.
import type { types, webApi } from "@slack/bolt";
import type { Announcement, AnnouncementPoster } from "../../core/index.js";
import { MESSAGE_TEXT_MAX, SECTION_TEXT_MAX, truncateAt, type SlackMessage } from "./format-answer.js";
import { plain } from "./format-tasks.js";

const URL_MAX = 1_000;

export function formatAnnouncement(announcement: Announcement): SlackMessage {
  const count = announcement.documents.length + announcement.more;
  const heading = count === 1 ? "*New in the knowledge base:*" : `*${count} new documents in the knowledge base:*`;
  const lines = announcement.documents.map((d) => {
    const title = plain(d.title || d.file, 200);
    const url = d.url && d.url.length <= URL_MAX && /^https?:\/\/[^\s<>|]+$/i.test(d.url) ? d.url : undefined;
    return `• ${url ? `<${url}|${title}>` : `*${title}*`}`;
  });
  if (announcement.more > 0) lines.push(`… and ${announcement.more} more`);
  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: truncateAt(`${heading}\n${lines.join("\n")}`, SECTION_TEXT_MAX, "…") } },
    { type: "context", elements: [{ type: "mrkdwn", text: "Ask about them with `/ask`, or browse with `/docent latest`." }] },
  ];
  return { text: truncateAt(`${heading}\n${lines.join("\n")}`, MESSAGE_TEXT_MAX, "…"), blocks };
}

export function slackAnnouncementPoster(client: webApi.WebClient): AnnouncementPoster {
  return {
    async post(channelId, announcement) {
      await client.chat.postMessage({ channel: channelId, ...formatAnnouncement(announcement), unfurl_links: false, unfurl_media: false });
    },
  };
}

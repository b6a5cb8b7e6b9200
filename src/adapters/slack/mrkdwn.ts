// Text conversion between the core's Markdown-ish answers and Slack's own markup ("mrkdwn"), in both
// directions. Slack renders `**bold**`, `[t](u)` and `# heading` literally, treats `<…>` as control sequences
// (mentions, links, broadcasts) and expects &, < and > escaped, so everything we post goes through here.
// @see https://api.slack.com/reference/surfaces/formatting
import { splitBlocks, type MarkdownBlock } from "../../core/index.js";

/** Escapes the three characters Slack reserves for control sequences. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Plain "@channel" and friends can still notify when a message is posted with link parsing on; a word joiner
 * after the "@" keeps the text readable and the broadcast dead. `<!channel>` cannot survive escaping.
 */
export function neutraliseBroadcasts(text: string): string {
  return text.replace(/@(channel|here|everyone)\b/gi, "@\u2060$1");
}

export interface MrkdwnOptions {
  /** Citation number → URL: `[n]` markers become links to their source. */
  citationUrls?: ReadonlyMap<number, string>;
}

// Private-use characters delimit placeholders: they cannot come from the input, which is stripped of them.
const PH_OPEN = "\uE000";
const PH_CLOSE = "\uE001";
const BOLD = "\uE002";
const LOOK_ALIKES: Record<string, string> = { "*": "∗", _: "＿", "~": "∼", "`": "ˋ" };

/**
 * Converts Markdown (bold, italics, links, lists, headings, code) to Slack mrkdwn, escaping all user-visible
 * text. It works block by block (core splitBlocks): a code block is only escaped, never formatted, and loses
 * its language hint, which Slack would show as code; every other block is converted line by line.
 */
export function markdownToMrkdwn(markdown: string, options: MrkdwnOptions = {}): string {
  const text = markdown.replace(/[\uE000-\uE002]/g, "").replace(/\r\n?/g, "\n");
  let out = "";
  let last = 0;
  for (const block of splitBlocks(text)) {
    out += convertProse(text.slice(last, block.start), options);
    out += block.kind === "code" ? codeBlock(block) : convertProse(block.text, options, block);
    last = block.end;
  }
  out += convertProse(text.slice(last), options);
  return neutraliseBroadcasts(out);
}

/** A code block as Slack shows it: its lines, out of any list or quote, escaped, between bare fences. */
function codeBlock(block: MarkdownBlock): string {
  const lines = block.text.split("\n");
  let body: string[];
  if (block.fence) {
    // The list item or quote the block sits in: what comes before the fence on its first line.
    const prefix = lines[0]!.indexOf(block.fence.marker) - block.fence.indent;
    const strip = (line: string) => line.slice(/^[ \t>]*/.exec(line.slice(0, prefix))![0].length);
    body = (block.closed ? lines.slice(1, -1) : lines.slice(1)).map(strip);
  } else {
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    body = lines.map((l) => l.slice(Math.min(indent, /^ */.exec(l)![0].length)));
  }
  return "```\n" + escapeMrkdwn(body.join("\n").replace(/\n$/, "")) + "\n```";
}

/** Converts a block of prose (a paragraph, heading, list item, table row, quote) or the space between blocks. */
function convertProse(markdown: string, options: MrkdwnOptions, block?: MarkdownBlock): string {
  if (markdown === "") return "";
  const saved: string[] = [];
  const keep = (rendered: string) => `${PH_OPEN}${saved.push(rendered) - 1}${PH_CLOSE}`;
  let text = markdown;
  // A setext heading ("Title" over "=====") is one line in bold.
  if (block?.kind === "heading" && /\n\s*(?:=+|-+)\s*$/.test(text)) text = `# ${text.replace(/\n\s*(?:=+|-+)\s*$/, "").replace(/\s*\n\s*/g, " ")}`;

  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => keep("`" + escapeMrkdwn(code) + "`"));
  // Slack has no escape character, so an escaped formatting character becomes a look-alike that cannot format.
  text = text.replace(/\\([\\`*_~[\]()#>+\-.!|])/g, (_m, ch: string) => keep(escapeMrkdwn(LOOK_ALIKES[ch] ?? ch)));

  // Links and images: [label](url "title"), ![alt](url), <https://…>.
  text = text.replace(/!?\[([^\]\n]*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, label: string, url: string) =>
    // A link to anything but the web or mail (javascript:, relative paths) keeps only its label.
    safeUrl(url) ? keep(slackLink(url, label)) : label,
  );
  text = text.replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, (_m, url: string) => keep(slackLink(url, "")));
  const urls = options.citationUrls;
  if (urls && urls.size > 0) {
    text = text.replace(/\[(\d{1,3})\](?!\()/g, (whole, n: string) => {
      const url = urls.get(Number(n));
      return url && safeUrl(url) ? keep(slackLink(url, `[${n}]`)) : whole;
    });
  }

  text = text
    .split("\n")
    .map((line, i) => convertLine(line, i === 0 && block?.item ? block.depth : undefined))
    .join("\n");
  text = convertInline(text);
  return text.replace(new RegExp(`${PH_OPEN}(\\d+)${PH_CLOSE}`, "g"), (_m, i: string) => saved[Number(i)] ?? "");
}

/** One line of prose; `depth` is the list nesting of the item whose marker the line holds. */
function convertLine(line: string, depth?: number): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `${BOLD}${escapeMrkdwn(stripEmphasis(heading[1] ?? ""))}${BOLD}`;
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return "──────────";
  const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
  // A literal ">" at the start of a line is Slack's own quote syntax; everywhere else it must be escaped.
  if (quote) return `>${escapeMrkdwn(quote[1] ?? "")}`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) {
    const level = depth !== undefined ? depth - 1 : Math.floor((bullet[1] ?? "").replace(/\t/g, "  ").length / 2);
    return `${"    ".repeat(level)}${level % 2 === 0 ? "•" : "◦"} ${escapeMrkdwn(bullet[2] ?? "")}`;
  }
  const ordered = /^(\s*)(\d{1,3})[.)]\s+(.*)$/.exec(line);
  if (ordered) {
    const level = depth !== undefined ? depth - 1 : Math.floor((ordered[1] ?? "").replace(/\t/g, "  ").length / 2);
    return `${"    ".repeat(level)}${ordered[2]}. ${escapeMrkdwn(ordered[3] ?? "")}`;
  }
  return escapeMrkdwn(line);
}

function convertInline(text: string): string {
  return (
    text
      // Bold is parked on a marker so the single-asterisk italics rule below cannot see it.
      .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
      .replace(/(^|[^\w])__(?=\S)([^\n]*?\S)__(?!\w)/g, `$1${BOLD}$2${BOLD}`)
      .replace(/(^|[^\w*])\*(?=[^\s*])([^\n*]*?[^\s*])?\*(?![\w*])/g, (_m, pre: string, body = "") => `${pre}_${body}_`)
      .replace(/~~(?=\S)([^\n]*?\S)~~/g, "~$1~")
      .replace(new RegExp(BOLD, "g"), "*")
  );
}

function stripEmphasis(text: string): string {
  return text.replace(/(\*\*|__)(.*?)\1/g, "$2");
}

function safeUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url);
}

/** `<url|label>`: the URL may not contain `|` or `>`, the label may not contain `>`; both are encoded. */
function slackLink(url: string, label: string): string {
  const href = url.replace(/&/g, "&amp;").replace(/\|/g, "%7C").replace(/</g, "%3C").replace(/>/g, "%3E");
  const text = escapeMrkdwn(stripEmphasis(label).replace(/\|/g, "¦").replace(/\s+/g, " ").trim());
  return text ? `<${href}|${text}>` : `<${href}>`;
}

/**
 * Turns the text of an incoming Slack message into the plain question the core expects: the bot's own
 * mention removed, other mentions and links reduced to readable text, entities decoded.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  let plain = text;
  if (botUserId) plain = plain.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), " ");
  plain = plain
    .replace(/<@([A-Z0-9]+)\|([^>]+)>/g, "@$2")
    .replace(/<@([A-Z0-9]+)>/g, "@$1")
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => name ?? "@group")
    .replace(/<([^>|]+)\|([^>]+)>/g, (_m, url: string, label: string) => (label === url ? url : `${label} (${url})`))
    .replace(/<([^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return plain.replace(/[ \t]+/g, " ").replace(/ *\n */g, "\n").trim();
}

// RSS 2.0 (and RSS 1.0/RDF) and Atom feeds → the entries Docent follows: a stable id, the post's URL, and
// what the feed says about it (title, author, dates). XML that does not parse, or is not a feed, is a
// FeedError naming the reason and line, so the sync can report it and keep every post it already has.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export interface FeedEntry {
  /** The entry's guid / id, or its URL when it has none. */
  id: string;
  url: string;
  title?: string;
  author?: string;
  /** ISO date-time strings. */
  published?: string;
  updated?: string;
}

export class FeedError extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Ids like "42" or "1.10" must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => ["item", "entry", "link", "author", "url", "sitemap"].includes(name),
});

/** Validates, then parses XML; shared with the sitemap reader. */
export function parseXml(xml: string, what: string): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedError(`${what} is not valid XML (line ${valid.err.line}: ${valid.err.msg})`);
  try {
    return parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new FeedError(`${what} is not valid XML (${(error as Error).message})`);
  }
}

export function parseFeed(xml: string, feedUrl: string): FeedEntry[] {
  const doc = parseXml(xml, "feed");
  const rss = (doc.rss as Record<string, unknown> | undefined)?.channel as Record<string, unknown> | undefined;
  const rdf = doc["rdf:RDF"] as Record<string, unknown> | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  if (rss || rdf) return list((rss ?? rdf)!.item).flatMap((item) => rssEntry(item as Record<string, unknown>, feedUrl) ?? []);
  if (atom) return list(atom.entry).flatMap((entry) => atomEntry(entry as Record<string, unknown>, feedUrl) ?? []);
  const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "nothing";
  throw new FeedError(`not an RSS or Atom feed (the document is <${root}>)`);
}

function rssEntry(item: Record<string, unknown>, feedUrl: string): FeedEntry | undefined {
  const guid = item.guid;
  const guidText = text(guid);
  const permalink = guid && typeof guid === "object" && (guid as Record<string, unknown>)["@isPermaLink"] === "false" ? undefined : guidText;
  const link = list(item.link).map(text).find(Boolean) ?? text(item["@rdf:about"]);
  const url = absolute(link, feedUrl) ?? absolute(permalink, feedUrl);
  if (!url) return undefined;
  return {
    id: guidText ?? url,
    url,
    title: text(item.title),
    author: text(item["dc:creator"]) ?? list(item.author).map(text).find(Boolean),
    published: isoDate(text(item.pubDate) ?? text(item["dc:date"])),
    updated: isoDate(text(item["atom:updated"])),
  };
}

function atomEntry(entry: Record<string, unknown>, feedUrl: string): FeedEntry | undefined {
  const links = list(entry.link) as Record<string, unknown>[];
  const alternate = links.find((l) => l["@rel"] === undefined || l["@rel"] === "alternate");
  const url = absolute(text(alternate?.["@href"]), feedUrl);
  if (!url) return undefined;
  const author = list(entry.author)[0] as Record<string, unknown> | string | undefined;
  return {
    id: text(entry.id) ?? url,
    url,
    title: text(entry.title),
    author: typeof author === "object" ? text(author.name) : text(author),
    published: isoDate(text(entry.published) ?? text(entry.issued)),
    updated: isoDate(text(entry.updated) ?? text(entry.modified)),
  };
}

export function list(value: unknown): unknown[] {
  return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** Element text whether the parser gave a string or an object with attributes. */
export function text(value: unknown): string | undefined {
  const raw = typeof value === "object" && value !== null ? (value as Record<string, unknown>)["#text"] : value;
  if (typeof raw !== "string" && typeof raw !== "number") return undefined;
  const trimmed = String(raw).trim();
  return trimmed === "" ? undefined : trimmed;
}

export function absolute(href: string | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    url.hash = "";
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

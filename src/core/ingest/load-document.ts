// Reads one knowledge file into a SourceDocument: front matter parsed, HTML reduced to Markdown, and every
// way a file can be unusable (unreadable, binary, empty, oversized, broken front matter) turned into a
// DocumentError whose message names the reason, so ingest can report it and carry on.
import { basename, extname } from "node:path";
import type { Root } from "mdast";
import { htmlToMarkdown } from "./html-to-markdown.js";
import { FrontMatterError, parseFrontMatter } from "./parse-front-matter.js";
import { firstHeading, parseMarkdown } from "./parse-markdown.js";

export const SUPPORTED_EXTENSIONS = [".md", ".mdx", ".markdown", ".html", ".htm", ".txt"] as const;

export interface SourceDocument {
  /** Path relative to the knowledge directory, forward slashes. */
  file: string;
  title: string;
  url?: string;
  date?: string;
  /** Front matter `description` (or `summary`): one line about the document, for listings. */
  description?: string;
  tags: string[];
  /** The body as Markdown: headings as # lines. */
  markdown: string;
  /** `markdown` parsed (mdast), so the chunker does not parse it again; dropped once the document is chunked. */
  tree?: Root;
}

export class DocumentError extends Error {}

export function parseDocument(bytes: Buffer, file: string, maxBytes: number): SourceDocument {
  if (bytes.length > maxBytes)
    throw new DocumentError(`file is ${bytes.length} bytes, over the limit of ${maxBytes} (MAX_FILE_BYTES)`);
  if (bytes.length === 0 || bytes.toString("utf8").trim() === "") throw new DocumentError("file is empty");
  if (bytes.includes(0)) throw new DocumentError("file is binary, not text");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentError("file is not valid UTF-8 text");
  }

  const ext = extname(file).toLowerCase();
  let data: Record<string, unknown> = {};
  let markdown: string;
  let htmlTitle: string | undefined;
  let htmlUrl: string | undefined;
  if (ext === ".html" || ext === ".htm") {
    const html = htmlToMarkdown(text);
    ({ markdown, title: htmlTitle, url: htmlUrl } = html);
  } else {
    try {
      const parsed = parseFrontMatter(text);
      data = parsed.data;
      markdown = ext === ".mdx" ? stripMdxSyntax(parsed.body) : parsed.body;
    } catch (error) {
      if (error instanceof FrontMatterError) throw new DocumentError(error.message);
      throw error;
    }
  }
  if (markdown.trim() === "") throw new DocumentError("file has no text besides its front matter or markup");

  const tree = parseMarkdown(markdown);
  const title =
    stringField(data.title) ??
    htmlTitle ??
    firstHeading(tree, markdown) ??
    (ext === ".txt" ? plainTextTitle(markdown) : undefined) ??
    titleFromFileName(file);
  const url = httpUrl(stringField(data.url) ?? stringField(data.canonical_url)) ?? htmlUrl;
  return {
    file,
    title,
    url,
    date: isoDate(data.date),
    description: stringField(data.description) ?? stringField(data.summary),
    tags: Array.isArray(data.tags) ? data.tags.map(String) : typeof data.tags === "string" ? data.tags.split(",").map((t) => t.trim()) : [],
    markdown,
    tree,
  };
}

/** YAML gives dates as strings or Date objects; either way keep the calendar date. */
function isoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  const text = stringField(value);
  return text && /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/.test(text) ? text.slice(0, 10) : text;
}

function stringField(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const parsed = new URL(value);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A plain-text file's first line is its title when it is short and stands alone. */
function plainTextTitle(text: string): string | undefined {
  const match = /^\s*([^\n]{1,100})\n\s*\n/.exec(text);
  return match && !/[.:;,]$/.test(match[1]!.trim()) ? match[1]!.trim() : undefined;
}

function titleFromFileName(file: string): string {
  const name = basename(file, extname(file)).replace(/[-_]+/g, " ").trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** MDX: drop ESM import/export lines and JSX tags, keep the text between tags. */
function stripMdxSyntax(body: string): string {
  return body
    .replace(/^(?:import|export)\s.*$/gm, "")
    .replace(/<\/?[A-Z][\w.]*(?:\s[^<>]*)?\/?>/g, "");
}

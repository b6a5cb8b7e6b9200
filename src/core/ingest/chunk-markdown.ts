// Splits a document into chunks that follow its headings: each chunk belongs to one section, carries the
// section's heading path, and is cut (at paragraph, then sentence, then word boundaries) to fit the
// embedder's input. Markdown syntax that would read as noise in a quoted answer is removed.
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { SourceDocument } from "./load-document.js";

export interface Chunk {
  file: string;
  title: string;
  /** Heading path, e.g. "Setup › Tokens"; "" for text before the first heading. */
  section: string;
  url?: string;
  /** 0-based order of the chunk inside its document. */
  position: number;
  text: string;
}

export const SECTION_SEPARATOR = " › ";

interface Section {
  path: string[];
  lines: string[];
}

export async function chunkDocument(doc: SourceDocument, maxChars: number): Promise<Chunk[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: maxChars,
    chunkOverlap: Math.min(150, Math.floor(maxChars / 8)),
    separators: ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
    keepSeparator: true,
  });
  const chunks: Chunk[] = [];
  for (const section of splitSections(doc)) {
    const text = cleanMarkdown(section.lines.join("\n"));
    if (text === "") continue;
    const pieces = text.length <= maxChars ? [text] : await splitter.splitText(text);
    for (const piece of pieces) {
      const trimmed = piece.trim();
      if (trimmed === "") continue;
      chunks.push({
        file: doc.file,
        title: doc.title,
        section: section.path.join(SECTION_SEPARATOR),
        url: doc.url,
        position: chunks.length,
        text: trimmed,
      });
    }
  }
  return chunks;
}

function splitSections(doc: SourceDocument): Section[] {
  const sections: Section[] = [{ path: [], lines: [] }];
  const stack: { level: number; text: string }[] = [];
  let fence: string | undefined;
  for (const line of doc.markdown.split(/\r?\n/)) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1]!;
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence[0]!) && marker.length >= fence.length) fence = undefined;
    }
    const heading = fence === undefined && !fenceMatch ? /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line) : null;
    if (!heading) {
      sections.at(-1)!.lines.push(line);
      continue;
    }
    const level = heading[1]!.length;
    const text = cleanInline(heading[2]!);
    while (stack.length > 0 && stack.at(-1)!.level >= level) stack.pop();
    // The document's own title as a top heading would only repeat the title in every path.
    if (!(level === 1 && stack.length === 0 && text === doc.title)) stack.push({ level, text });
    sections.push({ path: stack.map((h) => h.text), lines: [] });
  }
  return sections;
}

/** Markdown → readable text: links and images keep their words, emphasis markers and HTML tags go. */
export function cleanMarkdown(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => (/^\s{0,3}(`{3,}|~{3,})/.test(line) ? line : cleanInline(line)))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function cleanInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<\/?[a-zA-Z][^<>]*>/g, "")
    .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, "$2")
    .replace(/(^|[\s(])([*_])(\S(?:.*?\S)?)\2(?=[\s).,;:!?]|$)/g, "$1$3")
    .replace(/^(\s*)[*+]\s+/, "$1- ")
    .replace(/[ \t]+$/g, "");
}

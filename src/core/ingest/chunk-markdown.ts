// Splits a document into chunks that follow its headings: each chunk belongs to one section, carries the
// section's heading path, and is cut (at paragraph, then sentence, then word boundaries) to fit the
// embedder's input. Markdown syntax that would read as noise in a quoted answer is removed.
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { closesFence, fenceMarker } from "../text/code-fence.js";
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
    const pieces = text.length <= maxChars ? [text] : reattachSeparators(await splitter.splitText(text));
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

/** LangChain's splitter keeps a separator at the start of the next piece (". Next sentence"); punctuation
 * belongs at the end of the sentence it closes. */
function reattachSeparators(pieces: string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const lead = /^[.?!;,]+/.exec(piece)?.[0];
    if (lead && out.length > 0) out[out.length - 1] += lead;
    out.push(lead ? piece.slice(lead.length) : piece);
  }
  return out;
}

function splitSections(doc: SourceDocument): Section[] {
  const sections: Section[] = [{ path: [], lines: [] }];
  const stack: { level: number; text: string }[] = [];
  let fence: string | undefined;
  for (const line of doc.markdown.split(/\r?\n/)) {
    const marker = fenceMarker(line);
    if (marker) {
      if (fence === undefined) fence = marker;
      else if (closesFence(fence, line)) fence = undefined;
    }
    const heading = fence === undefined && !marker ? /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line) : null;
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

/** Markdown → readable text: links and images keep their words, emphasis markers and HTML tags go.
 * Code — fenced blocks and inline spans — is kept byte for byte. */
export function cleanMarkdown(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split("\n")
    .map((line) => {
      const marker = fenceMarker(line);
      if (fence !== undefined) {
        if (closesFence(fence, line)) fence = undefined;
        return line;
      }
      if (marker) {
        fence = marker;
        return line;
      }
      return cleanInline(line);
    })
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function cleanInline(text: string): string {
  // Inline code spans are set aside so that nothing inside them is taken for emphasis or HTML.
  const spans: string[] = [];
  const shielded = text.replace(/(`+)[^`]*?\1/g, (span) => `\u0000${spans.push(span) - 1}\u0000`);
  return cleanProse(shielded).replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)]!);
}

function cleanProse(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<\/?[a-zA-Z][^<>]*>/g, "")
    .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, "$2")
    .replace(/(^|[\s(])([*_])(\S(?:.*?\S)?)\2(?=[\s).,;:!?]|$)/g, "$1$3")
    .replace(/^(\s*)[*+]\s+/, "$1- ")
    .replace(/[ \t]+$/g, "");
}

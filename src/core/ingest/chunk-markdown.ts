// Splits a document into chunks that follow its headings: each chunk belongs to one section, carries the
// section's heading path, and is cut at block boundaries (paragraphs, list items, whole code blocks — see
// split-blocks.ts) to fit the embedder's input; a code block is only cut when it alone is longer than a chunk,
// and then into pieces that are each fenced code again. Markdown syntax that would read as noise in a quoted
// answer is removed, and so are the source's own footnote markers, which would pass for Docent's citations.
import { closesFence, fenceMarker } from "../text/code-fence.js";
import type { SourceDocument } from "./load-document.js";
import { splitBlocks } from "./split-blocks.js";

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
  const chunks: Chunk[] = [];
  for (const section of splitSections(doc)) {
    const text = cleanMarkdown(section.lines.join("\n"));
    if (text === "") continue;
    for (const piece of splitBlocks(text, maxChars)) {
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

/** Markdown → readable text: links and images keep their words, emphasis markers, HTML tags and footnote
 * markers go, runs of blank lines between paragraphs become one. Code — fenced blocks and inline spans — is
 * kept byte for byte. */
export function cleanMarkdown(markdown: string): string {
  let fence: string | undefined;
  const out: string[] = [];
  for (const line of markdown.split("\n")) {
    if (fence !== undefined) {
      if (closesFence(fence, line)) fence = undefined;
      out.push(line);
      continue;
    }
    const marker = fenceMarker(line);
    if (marker) {
      fence = marker;
      out.push(line);
      continue;
    }
    const cleaned = cleanInline(line);
    if (cleaned.trim() !== "") out.push(cleaned);
    else if (out.length > 0 && out.at(-1) !== "") out.push("");
  }
  return out.join("\n").trim();
}

function cleanInline(text: string): string {
  // Inline code spans are set aside so that nothing inside them is taken for emphasis, HTML or footnotes.
  const spans: string[] = [];
  const shielded = text.replace(/(`+)[^`]*?\1/g, (span) => `\u0000${spans.push(span) - 1}\u0000`);
  return cleanProse(shielded).replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)]!);
}

function cleanProse(text: string): string {
  // Footnote markers go last, once tags and emphasis no longer stand between them and their word ("<sup>[3]</sup>").
  return removeFootnotes(
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/<\/?[a-zA-Z][^<>]*>/g, "")
      .replace(/(\*\*|__)(\S(?:.*?\S)?)\1/g, "$2")
      .replace(/(^|[\s(])([*_])(\S(?:.*?\S)?)\2(?=[\s).,;:!?]|$)/g, "$1$3")
      .replace(/^(\s*)[*+]\s+/, "$1- "),
  ).replace(/[ \t]+$/g, "");
}

/** A footnote definition's label. The definition itself stays, as prose without its "[^1]:" label: it often
 * holds facts (a date, a source, a caveat) worth finding, and it no longer reads as a citation. */
const FOOTNOTE_DEFINITION = /^\s{0,3}\[\^[^\]\s]+\]:[ \t]*/;
/** "[^note]" references, with the spaces before them. */
const FOOTNOTE_REFERENCE = /[ \t]*\[\^[^\]\s]+\](?!\()/g;
/** Wikipedia-style numeric markers: "[3]", "[12]", "[3][4]" (never "[0]", an index rather than a note). */
const NUMERIC_MARKERS = /(?:\[[1-9]\d{0,2}\])+/g;
/** What a numeric marker may be attached to: the end of a word, a number or punctuation — not "]" (that is a
 * reference link, "[text][3]") and not an inline code span (set aside as \u0000n\u0000). */
const ATTACHED_TO = /[\p{L}\p{N}.,;:!?)"'”’»]$/u;
/** What may follow a numeric marker: the end, a space or punctuation — not "(", "[" or a word character. */
const FOLLOWED_BY = /^(?:$|[\s.,;:!?)"'”’»])/u;
/** After the marker, an operator means code ("arr[3] = 1", "x[1] += 2"). */
const OPERATOR_AFTER = /^\s*(?:[=+*/%<>!&|^]|-[=>-])/;
/** The word before the marker (its closing punctuation aside) looks like code: one letter ("a[1]"), or with
 * characters prose words do not have ("argv_list[2]", "obj.items[1]", "f(x)[1]", "$arr[2]"). */
const CODE_LIKE_WORD = /^[\p{L}]$|[^\p{L}\p{N}'’-]/u;

function removeFootnotes(text: string): string {
  return text
    .replace(FOOTNOTE_DEFINITION, "")
    .replace(FOOTNOTE_REFERENCE, "")
    .replace(NUMERIC_MARKERS, (markers: string, offset: number, whole: string) => {
      const before = whole.slice(0, offset);
      const after = whole.slice(offset + markers.length);
      if (!ATTACHED_TO.test(before) || !FOLLOWED_BY.test(after) || OPERATOR_AFTER.test(after)) return markers;
      const word = /\S*$/.exec(before)![0].replace(/^[("“‘'«]+/, "").replace(/[.,;:!?)"'”’»]+$/, "");
      return word !== "" && CODE_LIKE_WORD.test(word) ? markers : "";
    });
}

// The document model: a Markdown body is parsed once (unified + remark-parse + remark-gfm → mdast) and read
// as sections (split at headings, each with its heading path) of whole blocks: paragraphs, list items, code
// blocks, tables and quotes, each already rendered as the clean text chunks and answers quote. Links and
// images keep their words, emphasis markers and HTML tags go, code (fenced blocks and inline spans) is kept
// byte for byte, and the source's own footnote markers go, since they would pass for Docent's citations.
import type { List, Nodes, PhrasingContent, Root, RootContent } from "mdast";
import { parseHTML } from "linkedom";
import { toString } from "mdast-util-to-string";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

export type BlockKind = "paragraph" | "item" | "code" | "table" | "quote";

export interface Block {
  kind: BlockKind;
  /** The block as clean Markdown text (for code: opening line, body and closing fence). */
  text: string;
  /** What separated the block from the one before it in the source: "\n" (next line) or "\n\n" (a blank line). */
  sep: string;
  /** Code: the opening line as written (fence and info string), the body's lines and the closing fence. */
  code?: { open: string; lines: string[]; close: string; lang?: string };
  /** Table: the header row, the delimiter row, then one line per row. */
  rows?: string[];
  /** List item: nesting depth, 0 for a top-level item. */
  depth?: number;
}

export interface Section {
  /** Heading path, outermost first; [] for text before the first heading. */
  path: string[];
  blocks: Block[];
}

const parser = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(markdown: string): Root {
  return parser.parse(markdown);
}

/** The text of the first level-1 heading (a "# install" inside a code block is code, not a heading). */
export function firstHeading(tree: Root, source: string): string | undefined {
  const heading = tree.children.find((node) => node.type === "heading" && node.depth === 1);
  return heading && heading.type === "heading" ? inlineText(heading.children, source).trim() || undefined : undefined;
}

/** Splits the document at its headings. A level-1 heading equal to the title is not repeated in the paths. */
export function documentSections(tree: Root, source: string, title?: string): Section[] {
  const sections: Section[] = [{ path: [], blocks: [] }];
  const stack: { depth: number; text: string }[] = [];
  const reader = new BlockReader(source);
  for (const node of tree.children) {
    if (node.type !== "heading") {
      reader.read(node, sections.at(-1)!.blocks);
      continue;
    }
    const text = inlineText(node.children, source).trim();
    while (stack.length > 0 && stack.at(-1)!.depth >= node.depth) stack.pop();
    if (!(node.depth === 1 && stack.length === 0 && text === title) && text !== "") stack.push({ depth: node.depth, text });
    sections.push({ path: stack.map((h) => h.text), blocks: [] });
    reader.lastLine = undefined;
  }
  return sections.filter((s) => s.blocks.length > 0);
}

/** Markdown → clean text: every block rendered, headings included as plain lines. */
export function cleanMarkdown(markdown: string): string {
  const tree = parseMarkdown(markdown);
  const blocks: Block[] = [];
  const reader = new BlockReader(markdown);
  for (const node of tree.children) reader.read(node, blocks);
  return joinBlocks(blocks);
}

export function joinBlocks(blocks: Block[]): string {
  return blocks.map((b, i) => (i === 0 ? b.text : b.sep + b.text)).join("");
}

/** Walks block nodes into flat Blocks: lists become one block per item (nested items after their parent),
 * code inside a list item becomes a code block of its own, HTML blocks keep the text between their tags. */
class BlockReader {
  /** The source line the previous block ended on, for the separator of the next one. */
  lastLine: number | undefined;

  constructor(
    private readonly source: string,
    /** Added to line numbers, for HTML fragments parsed on their own. */
    private readonly lineOffset = 0,
  ) {}

  read(node: RootContent, out: Block[], depth = 0): void {
    switch (node.type) {
      case "paragraph":
        return this.push(out, node, "paragraph", inlineText(node.children, this.source));
      case "heading": // only inside HTML fragments and quotes: a line of its own
        return this.push(out, node, "paragraph", inlineText(node.children, this.source));
      case "code":
        return this.pushCode(out, node);
      case "list":
        return this.readList(node, out, depth);
      case "table": {
        const cells = node.children.map((row) => `| ${row.children.map((cell) => cellText(inlineText(cell.children, this.source))).join(" | ")} |`);
        if (cells.length === 0) return;
        const delimiter = `| ${(node.align ?? []).map((a) => (a === "left" ? ":--" : a === "right" ? "--:" : a === "center" ? ":-:" : "---")).join(" | ")} |`;
        const rows = [cells[0]!, delimiter, ...cells.slice(1)];
        return this.push(out, node, "table", rows.join("\n"), { rows });
      }
      case "blockquote": {
        const inner: Block[] = [];
        const reader = new BlockReader(this.source, this.lineOffset);
        for (const child of node.children) reader.read(child, inner);
        const text = joinBlocks(inner)
          .split("\n")
          .map((line) => (line.trim() === "" ? ">" : `> ${line}`))
          .join("\n");
        return this.push(out, node, "quote", inner.length === 0 ? "" : text);
      }
      case "html":
        return this.readHtml(node.value, node.position?.start.line, out, depth);
      case "footnoteDefinition": // its text stays as prose: often a fact worth finding, without its "[^1]:" label
        for (const child of node.children) this.read(child, out, depth);
        return;
      default: // thematic breaks, link definitions, front matter: nothing to quote
        return;
    }
  }

  /** One block per item: the marker (and task box) with the item's own text; nested lists follow, one level
   * deeper, and code, tables or quotes inside an item become blocks of their own. */
  private readList(node: List, out: Block[], depth: number, indent = "  ".repeat(depth)): void {
    node.children.forEach((item, i) => {
      const raw = this.slice(item).split("\n", 1)[0]!;
      const marker = node.ordered ? `${(node.start ?? 1) + i}${/^\s*\d+\)/.test(raw) ? ")" : "."} ` : "- ";
      const box = item.checked === null || item.checked === undefined ? "" : `${/\[([xX ])\]/.exec(raw)?.[0] ?? (item.checked ? "[x]" : "[ ]")} `;
      const pad = " ".repeat(marker.length);
      const own: string[] = [];
      let ownEnd = item.position?.start.line;
      const rest: RootContent[] = [];
      for (const child of item.children) {
        if (rest.length === 0 && (child.type === "paragraph" || child.type === "heading")) {
          own.push(inlineText(child.children, this.source));
          ownEnd = child.position?.end.line ?? ownEnd;
        } else if (rest.length === 0 && child.type === "html") {
          const text = htmlText(child.value).text.trim();
          if (text !== "") own.push(text);
          ownEnd = child.position?.end.line ?? ownEnd;
        } else rest.push(child);
      }
      const body = own.filter((t) => t.trim() !== "").join("\n").split("\n").map((line, j) => (j === 0 ? line : `${indent}${pad}${line.trim()}`));
      const text = `${indent}${marker}${box}${body.join("\n")}`.trimEnd();
      if (body.join("").trim() !== "" || box !== "")
        this.pushAt(out, { kind: "item", text, depth }, item.position?.start.line, ownEnd);
      // A nested list is indented under its parent's text, as Markdown wants it ("1. " takes three spaces).
      for (const child of rest) {
        if (child.type === "list") this.readList(child, out, depth + 1, indent + pad);
        else this.read(child, out, depth);
      }
    });
  }

  private push(out: Block[], node: Nodes, kind: BlockKind, text: string, extra: Partial<Block> = {}): void {
    this.pushAt(out, { kind, text, ...extra }, node.position?.start.line, node.position?.end.line);
  }

  private pushAt(out: Block[], block: Omit<Block, "sep">, startLine: number | undefined, endLine: number | undefined): void {
    if (block.text.trim() === "") return;
    const start = startLine === undefined ? undefined : startLine + this.lineOffset;
    const sep = this.lastLine === undefined || start === undefined ? "\n\n" : start - this.lastLine > 1 ? "\n\n" : "\n";
    out.push({ ...block, sep });
    if (endLine !== undefined) this.lastLine = endLine + this.lineOffset;
  }

  private pushCode(out: Block[], node: Extract<RootContent, { type: "code" }>): void {
    const first = this.slice(node).split("\n", 1)[0]!;
    const marker = /^(`{3,}|~{3,})/.exec(first)?.[1];
    const open = marker ? first.trimEnd() : "```";
    const close = marker ?? "```";
    const lines = node.value === "" ? [] : node.value.split("\n");
    const code = { open, lines, close, ...(node.lang ? { lang: node.lang } : {}) };
    this.push(out, node, "code", [open, ...lines, close].join("\n"), { code });
  }

  /** An HTML block: comments and tags go, and the text left is read as Markdown (Jekyll's markdown="1"). */
  private readHtml(value: string, line: number | undefined, out: Block[], depth: number): void {
    const html = htmlText(value);
    const text = html.text
      .split("\n")
      .map((l) => l.trim())
      .join("\n");
    if (text.trim() === "") return;
    // A checkbox and its label (a checklist written in HTML) is a task list item.
    if (html.checked !== undefined && !/\n\s*\n/.test(text.trim())) {
      const label = text.trim().replace(/\s*\n\s*/g, " ");
      const inline = parseMarkdown(label).children.flatMap((node) => (node.type === "paragraph" ? node.children : []));
      const item = `- [${html.checked ? "x" : " "}] ${inlineText(inline, label)}`;
      const end = line === undefined ? undefined : line + value.split("\n").length - 1;
      return this.pushAt(out, { kind: "item", text: item, depth }, line, end);
    }
    const reader = new BlockReader(text, (line ?? 1) - 1 + this.lineOffset);
    reader.lastLine = this.lastLine;
    const tree = parseMarkdown(text);
    for (const child of tree.children) reader.read(child, out, depth);
    this.lastLine = reader.lastLine;
  }

  private slice(node: Nodes): string {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? "" : this.source.slice(start, end);
  }
}

/** The text of an HTML fragment (comments, scripts and styles aside), and whether it holds a checkbox (checked
 * or not; undefined when it holds none). */
function htmlText(html: string): { text: string; checked?: boolean } {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const el of document.querySelectorAll("script, style, template")) el.remove();
  const box = document.querySelector('input[type="checkbox" i]');
  return { text: document.body.textContent ?? "", ...(box ? { checked: box.hasAttribute("checked") } : {}) };
}

function cellText(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim();
}

/** Inline content → text. Inline code spans are set aside while footnote markers are removed, so nothing
 * inside them is touched. */
export function inlineText(nodes: PhrasingContent[], source: string): string {
  const spans: string[] = [];
  let out = "";
  const walk = (node: PhrasingContent): void => {
    switch (node.type) {
      case "text":
        out += node.value;
        return;
      case "inlineCode": {
        const start = node.position?.start.offset;
        const end = node.position?.end.offset;
        const raw = start !== undefined && end !== undefined ? source.slice(start, end) : `\`${node.value}\``;
        out += `\u0000${spans.push(raw) - 1}\u0000`;
        return;
      }
      case "image":
      case "imageReference":
        out += node.alt ?? "";
        return;
      case "break":
        out += "\n";
        return;
      case "html": // inline tags go, their text stays
        return;
      case "footnoteReference":
        out = out.replace(/[ \t]+$/, "");
        return;
      default:
        if ("children" in node) for (const child of node.children) walk(child);
        else out += toString(node);
    }
  };
  for (const node of nodes) walk(node);
  return removeFootnotes(out)
    .replace(/[ \t]+$/gm, "")
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)]!);
}

/** "[^note]" references without a definition (the parser leaves them as text), with the spaces before them. */
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
  return text.replace(FOOTNOTE_REFERENCE, "").replace(NUMERIC_MARKERS, (markers: string, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    const after = whole.slice(offset + markers.length);
    if (!ATTACHED_TO.test(before) || !FOLLOWED_BY.test(after) || OPERATOR_AFTER.test(after)) return markers;
    const word = /\S*$/.exec(before)![0].replace(/^[("“‘'«]+/, "").replace(/[.,;:!?)"'”’»]+$/, "");
    return word !== "" && CODE_LIKE_WORD.test(word) ? markers : "";
  });
}

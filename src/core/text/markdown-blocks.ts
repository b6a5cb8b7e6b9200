// Answer Markdown as the blocks a reader sees: paragraphs, headings, code blocks, list items, table rows.
// remark (with GFM for tables) finds where each block starts and ends, so nested lists, fences inside list
// items, tilde fences and tables are read as CommonMark reads them; code-fence.ts says how each code block
// opens and whether it closes. Every block is a run of whole source lines, so the text between two blocks is
// only blank lines (and container markers such as a lone ">").
import type { Nodes, Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { closesFence, openingFence, type Fence } from "./code-fence.js";

export type BlockKind = "paragraph" | "heading" | "code" | "table-head" | "table-row" | "html" | "rule" | "other";

export interface MarkdownBlock {
  kind: BlockKind;
  /** Offset of the block's first line in the source. */
  start: number;
  /** Offset just after the block's last line (before its newline). */
  end: number;
  /** The source lines, list markers and indentation included. */
  text: string;
  /** Blocks that belong together share a group: the blocks of one list item (not its nested items) and the
   * rows of one table. Every other block has a group of its own. */
  group: number;
  /** List nesting: 0 outside lists, 1 in a top-level list item… */
  depth: number;
  /** The first block of a list item (its line holds the item's marker). */
  item: boolean;
  /** Code blocks: how the block was fenced (undefined for an indented code block) and whether it is closed. */
  fence?: Fence;
  closed?: boolean;
}

const parser = unified().use(remarkParse).use(remarkGfm);

/** Splits Markdown into its blocks, in source order. */
export function splitBlocks(markdown: string): MarkdownBlock[] {
  const tree = parser.parse(markdown) as Root;
  const lineStarts = [0];
  for (let i = markdown.indexOf("\n"); i >= 0; i = markdown.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const lineEnd = (line: number) => (line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : markdown.length);
  const lineText = (line: number) => markdown.slice(lineStarts[line]!, lineEnd(line));

  const blocks: MarkdownBlock[] = [];
  let groups = 0;
  const add = (kind: BlockKind, firstLine: number, lastLine: number, group: number, depth: number, item: boolean, extra: Partial<MarkdownBlock> = {}) => {
    // Trailing blank lines (an unclosed code block runs over them) are not part of the block.
    while (lastLine > firstLine && lineText(lastLine).trim() === "") lastLine--;
    const previous = blocks.at(-1);
    // Two nodes on one line (a list marker before a heading) make one block.
    if (previous && lineOf(previous.end) >= firstLine) return;
    const start = lineStarts[firstLine]!;
    const end = lineEnd(lastLine);
    blocks.push({ kind, start, end, text: markdown.slice(start, end), group, depth, item, ...extra });
  };
  const lines = (node: Nodes) => {
    const first = lineOf(node.position!.start.offset!);
    const endOffset = node.position!.end.offset!;
    // A node ending at the very start of a line (an unclosed fence's trailing newline) ends on the line before.
    const last = endOffset > 0 && markdown[endOffset - 1] === "\n" ? lineOf(endOffset - 1) : lineOf(Math.max(endOffset - 1, 0));
    return [first, Math.max(first, last)] as const;
  };

  const visit = (node: Nodes, depth: number, group: number | undefined, item: boolean) => {
    if (!node.position) return;
    const own = () => group ?? groups++;
    switch (node.type) {
      case "root":
      case "blockquote":
      case "footnoteDefinition":
        for (const child of node.children) visit(child, depth, group, false);
        return;
      case "list":
        for (const child of node.children) visit(child, depth + 1, undefined, true);
        return;
      case "listItem": {
        const itemGroup = groups++;
        let first = true;
        for (const child of node.children) {
          // A nested list's items are blocks of their own; the item's other blocks stay with its marker.
          if (child.type === "list") visit(child, depth, undefined, false);
          else visit(child, depth, itemGroup, first);
          first = false;
        }
        // An empty item ("-") is still a line of the answer.
        if (node.children.length === 0) {
          const [a, b] = lines(node);
          add("paragraph", a, b, itemGroup, depth, true);
        }
        return;
      }
      case "table": {
        const tableGroup = own();
        node.children.forEach((row, i) => {
          const [a, b] = lines(row);
          // The header row goes with the delimiter row below it.
          if (i === 0) add("table-head", a, b + 1, tableGroup, depth, item);
          else add("table-row", a, b, tableGroup, depth, false);
        });
        return;
      }
      case "code": {
        const [a, b] = lines(node);
        const column = node.position.start.column - 1;
        const strip = (line: string) => (/^[ \t>]*$/.test(line.slice(0, column)) ? line.slice(column) : line.replace(/^[ \t>]*/, ""));
        const fence = openingFence(strip(lineText(a)));
        const closed = fence !== undefined && b > a && closesFence(fence, strip(lineText(b)));
        add("code", a, b, own(), depth, item, fence ? { fence, closed } : { closed: true });
        return;
      }
      default: {
        const [a, b] = lines(node);
        const kind: BlockKind =
          node.type === "paragraph" ? "paragraph" : node.type === "heading" ? "heading" : node.type === "html" ? "html" : node.type === "thematicBreak" ? "rule" : "other";
        add(kind, a, b, own(), depth, item);
      }
    }
  };
  visit(tree, 0, undefined, false);
  return blocks;
}

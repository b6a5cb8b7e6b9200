// Splits a Markdown file into its YAML front matter and body. Broken YAML is an error that names the line in
// the file (not in the YAML block), so an operator can go straight to it.
import { parse, YAMLParseError } from "yaml";

export interface FrontMatterResult {
  data: Record<string, unknown>;
  body: string;
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/m;

export class FrontMatterError extends Error {}

export function parseFrontMatter(text: string): FrontMatterResult {
  const opening = OPENING.exec(text);
  if (!opening) return { data: {}, body: text.replace(/^\uFEFF/, "") };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) throw new FrontMatterError("front matter is not closed: add a line with --- after it");
  const yamlText = rest.slice(0, closing.index);
  let data: unknown;
  try {
    data = parse(yamlText, { prettyErrors: false });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = 1 + yamlLineOf(yamlText, error.pos[0]); // +1: the opening "---" is line 1 of the file
      throw new FrontMatterError(`front matter is not valid YAML (line ${line}): ${firstLine(error.message)}`);
    }
    throw error;
  }
  if (data !== null && data !== undefined && (typeof data !== "object" || Array.isArray(data)))
    throw new FrontMatterError("front matter must be a YAML mapping (key: value lines)");
  const afterClosing = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, "");
  return { data: (data ?? {}) as Record<string, unknown>, body: afterClosing };
}

/** 1-based line of an offset; an error reported at the very end (an unclosed quote) belongs to the last line. */
function yamlLineOf(yamlText: string, offset: number): number {
  const trimmed = yamlText.trimEnd();
  return trimmed.slice(0, Math.min(offset, trimmed.length)).split("\n").length;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

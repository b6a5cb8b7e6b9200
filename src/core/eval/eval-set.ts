// Reads a labelled question set (one JSON object per line) and checks each line's shape, so a typo in the
// set stops the evaluation with its line number instead of quietly scoring a question wrong.
import { readFile } from "node:fs/promises";
import { AppError } from "../../errors.js";

export interface EvalItem {
  id: string;
  question: string;
  /** Files (relative to the knowledge directory) that answer the question. */
  relevant: string[];
  /** Strings that a correct answer contains (compared case-insensitively). */
  mustContain: string[];
  /** For a must_contain string, other wordings that count as the same fact. */
  altMap: Record<string, string[]>;
  /** The heading in relevant[0] under which the answer sits (optional, for retrieval diagnostics). */
  sectionHint?: string;
  /** Free label such as "easy", "medium", "hard"; figures are also reported per label. */
  difficulty?: string;
  /** True when the knowledge base does not cover the question: the right answer is to decline. */
  unanswerable: boolean;
}

const FIELDS = new Set(["id", "question", "relevant", "must_contain", "unanswerable", "alt", "alt_map", "section_hint", "difficulty", "note"]);

export async function loadEvalSet(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new AppError("config_invalid", `eval: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  return parseEvalSet(text, file);
}

/** Parses JSONL text; `source` names the file in error messages. */
export function parseEvalSet(text: string, source: string): EvalItem[] {
  const items: EvalItem[] = [];
  const ids = new Map<string, number>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    if (raw.trim() === "") continue;
    const fail = (problem: string): never => {
      throw new AppError("config_invalid", `eval: ${source}: line ${line}: ${problem}`);
    };
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (error) {
      fail(`not valid JSON (${(error as Error).message})`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row)) fail("expected a JSON object");
    const obj = row as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !FIELDS.has(k));
    if (unknown.length > 0) fail(`unknown field ${unknown.map((k) => `"${k}"`).join(", ")} (fields: ${[...FIELDS].join(", ")})`);
    if (typeof obj.question !== "string" || obj.question.trim() === "") fail('missing field "question" (a non-empty string)');
    if (obj.id !== undefined && (typeof obj.id !== "string" || obj.id.trim() === "") && typeof obj.id !== "number")
      fail('"id" must be a non-empty string');
    const strings = (name: string): string[] => {
      const value = obj[name];
      if (value === undefined) return [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === ""))
        fail(`"${name}" must be a list of non-empty strings`);
      return value as string[];
    };
    const relevant = strings("relevant").map(normaliseFile);
    const mustContain = strings("must_contain");
    strings("alt"); // checked for shape only: alt is alt_map's wordings in one list
    const altMap: Record<string, string[]> = {};
    if (obj.alt_map !== undefined) {
      if (typeof obj.alt_map !== "object" || obj.alt_map === null || Array.isArray(obj.alt_map)) fail('"alt_map" must be an object of string lists');
      for (const [key, value] of Object.entries(obj.alt_map as Record<string, unknown>)) {
        if (!mustContain.includes(key)) fail(`"alt_map" names "${key}", which is not in "must_contain"`);
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v.trim() === "")) fail(`"alt_map"."${key}" must be a list of non-empty strings`);
        altMap[key] = value as string[];
      }
    }
    const optionalString = (name: string): string | undefined => {
      const value = obj[name];
      if (value === undefined) return undefined;
      if (typeof value !== "string") fail(`"${name}" must be a string`);
      return value as string;
    };
    const sectionHint = optionalString("section_hint");
    const difficulty = optionalString("difficulty");
    optionalString("note");
    if (obj.unanswerable !== undefined && typeof obj.unanswerable !== "boolean") fail('"unanswerable" must be true or false');
    const unanswerable = obj.unanswerable === true;
    if (unanswerable && (relevant.length > 0 || mustContain.length > 0))
      fail('an "unanswerable" question cannot also list "relevant" files or "must_contain" strings');
    const id = obj.id === undefined ? `line-${line}` : String(obj.id);
    const previous = ids.get(id);
    if (previous !== undefined) fail(`id "${id}" is already used on line ${previous}`);
    ids.set(id, line);
    items.push({ id, question: (obj.question as string).trim(), relevant, mustContain, altMap, sectionHint, difficulty, unanswerable });
  }
  if (items.length === 0) throw new AppError("config_invalid", `eval: ${source} has no questions (expected one JSON object per line)`);
  return items;
}

/** Knowledge-relative paths compare with forward slashes and without a leading "./", as the index stores them. */
export function normaliseFile(file: string): string {
  return file.trim().replace(/\\/g, "/").replace(/^(\.\/)+/, "");
}

// Reads the sources file (knowledge/sources.yml): the feeds, sitemaps, single URLs and local folders whose
// posts are pulled into the knowledge directory. Every problem is reported at once with the file and line,
// so an operator can fix the file in one pass; a file with no sources (all commented out) is valid.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import { AppError } from "../../errors.js";

interface SourceCommon {
  /** Folder under the knowledge directory that holds this source's files; unique. */
  name: string;
  include: string[];
  exclude: string[];
  tags: string[];
  /** Pages already saved are revalidated (a conditional GET) at least this often, to notice edits and removals. */
  recheckDays: number;
  /** 1-based line of the source in the sources file, for messages. */
  line: number;
}

export type Source = SourceCommon &
  (
    | { kind: "feed"; url: string }
    | { kind: "sitemap"; url: string }
    | { kind: "urls"; urls: string[] }
    | { kind: "folder"; path: string }
  );

export const DEFAULT_RECHECK_DAYS = 7;
const KIND_KEYS = ["feed", "sitemap", "url", "urls", "folder"] as const;
const OTHER_KEYS = ["name", "include", "exclude", "tags", "recheck_days"] as const;
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

/** The sources file for this configuration: SOURCES_FILE, or sources.yml inside the knowledge directory. */
export function sourcesFilePath(config: { sources: { file: string } }): string {
  return config.sources.file;
}

/** The sources in the file, or undefined when there is no file. */
export function readSourcesFile(file: string, knowledgeDir: string): Source[] | undefined {
  if (!existsSync(file)) return undefined;
  return parseSourcesFile(readFileSync(file, "utf8"), file, knowledgeDir);
}

export function parseSourcesFile(text: string, file: string, knowledgeDir: string): Source[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems: string[] = [];
  const at = (offset: number | undefined) => `${file}:${offset === undefined ? 1 : lines.linePos(offset).line}`;
  for (const error of doc.errors) problems.push(`${at(error.pos[0])}: not valid YAML: ${error.message.split("\n")[0]}`);
  if (problems.length > 0) throw sourcesError(file, problems);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) return [];
  let list: Node | null | undefined;
  if (isMap(root)) {
    for (const pair of root.items) {
      const key = keyOf(pair);
      if (key !== "sources") problems.push(`${at(nodeStart(pair.key))}: unknown key "${key}" (the file has one key, "sources")`);
    }
    list = root.get("sources", true) as Node | null | undefined;
  } else if (isSeq(root)) list = root;
  else problems.push(`${at(nodeStart(root))}: expected "sources:" followed by a list of sources`);

  const sources: Source[] = [];
  if (list !== undefined && list !== null && !(isScalar(list) && list.value === null)) {
    if (!isSeq(list)) problems.push(`${at(nodeStart(list))}: "sources" must be a list (each entry starts with "- ")`);
    else
      for (const item of list.items) {
        const line = at(nodeStart(item as Node));
        if (!isMap(item)) {
          problems.push(`${line}: each source is a mapping, e.g. "- feed: https://example.org/feed.xml"`);
          continue;
        }
        const source = parseSource(item, line, dirname(file), knowledgeDir, problems, at);
        if (source) sources.push(source);
      }
  }
  const seen = new Map<string, number>();
  for (const s of sources) {
    const first = seen.get(s.name.toLowerCase());
    if (first !== undefined)
      problems.push(`${file}:${s.line}: source name "${s.name}" is already used on line ${first}; give one of them another "name:"`);
    else seen.set(s.name.toLowerCase(), s.line);
  }
  if (problems.length > 0) throw sourcesError(file, problems);
  return sources;
}

function parseSource(
  map: YAMLMap,
  line: string,
  baseDir: string,
  knowledgeDir: string,
  problems: string[],
  at: (offset: number | undefined) => string,
): Source | undefined {
  const before = problems.length;
  const values = new Map<string, { value: unknown; where: string }>();
  for (const pair of map.items) {
    const key = keyOf(pair);
    const where = at(nodeStart(pair.key));
    if (![...KIND_KEYS, ...OTHER_KEYS].includes(key as never)) {
      problems.push(`${where}: unknown key "${key}" (expected one of ${[...KIND_KEYS, ...OTHER_KEYS].join(", ")})`);
      continue;
    }
    values.set(key, { value: (pair.value as Node | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null), where });
  }
  const kinds = KIND_KEYS.filter((k) => values.has(k));
  if (kinds.length !== 1) {
    problems.push(
      kinds.length === 0
        ? `${line}: a source needs one of ${KIND_KEYS.join(", ")}`
        : `${line}: a source has exactly one of ${KIND_KEYS.join(", ")}; this one has ${kinds.join(" and ")}`,
    );
    return undefined;
  }
  const kindKey = kinds[0]!;
  const lineNo = Number(line.slice(line.lastIndexOf(":") + 1));
  const strings = (key: string): string[] => {
    const entry = values.get(key);
    if (!entry || entry.value === null) return [];
    const list = Array.isArray(entry.value) ? entry.value : [entry.value];
    if (list.some((v) => typeof v !== "string" || v.trim() === "")) {
      problems.push(`${entry.where}: "${key}" must be a text or a list of texts`);
      return [];
    }
    return list.map((v) => (v as string).trim());
  };
  const httpUrl = (key: string, value: unknown): string | undefined => {
    const where = values.get(key)!.where;
    if (typeof value !== "string") {
      problems.push(`${where}: "${key}" must be a URL`);
      return undefined;
    }
    try {
      const url = new URL(value.trim());
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch {
      // reported below
    }
    problems.push(`${where}: "${key}" is not an http(s) URL: ${value}`);
    return undefined;
  };

  const raw = values.get(kindKey)!.value;
  let spec: Source | undefined;
  const common = {
    name: "",
    include: strings("include"),
    exclude: strings("exclude"),
    tags: strings("tags"),
    recheckDays: DEFAULT_RECHECK_DAYS,
    line: lineNo,
  };
  const recheck = values.get("recheck_days");
  if (recheck) {
    if (typeof recheck.value !== "number" || !Number.isFinite(recheck.value) || recheck.value < 0)
      problems.push(`${recheck.where}: "recheck_days" must be a number of days, 0 or more`);
    else common.recheckDays = recheck.value;
  }
  if (kindKey === "feed" || kindKey === "sitemap") {
    const url = httpUrl(kindKey, raw);
    if (url) spec = { ...common, kind: kindKey, url, name: nameFromUrl(url) };
  } else if (kindKey === "url" || kindKey === "urls") {
    const list = Array.isArray(raw) ? raw : [raw];
    const urls = list.map((u) => httpUrl(kindKey, u)).filter((u): u is string => u !== undefined);
    if (urls.length === 0 && list.length === 0) problems.push(`${values.get(kindKey)!.where}: "${kindKey}" lists no URL`);
    if (urls.length > 0 && urls.length === list.length) spec = { ...common, kind: "urls", urls, name: nameFromUrl(urls[0]!) };
  } else {
    if (typeof raw !== "string" || raw.trim() === "") problems.push(`${values.get("folder")!.where}: "folder" must be a path`);
    else {
      const path = isAbsolute(raw) ? raw : resolve(baseDir, raw);
      const inside = relative(resolve(knowledgeDir), path);
      if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside)))
        problems.push(`${values.get("folder")!.where}: "folder" ${raw} is inside the knowledge directory; only folders outside it are copied in`);
      else spec = { ...common, kind: "folder", path, name: path.split(/[\\/]/).filter(Boolean).at(-1) ?? "folder" };
    }
  }
  const name = values.get("name");
  if (name) {
    if (typeof name.value !== "string" || !NAME.test(name.value))
      problems.push(`${name.where}: "name" must be letters, digits, ".", "-" or "_", starting with a letter or digit (it names a folder)`);
    else if (spec) spec.name = name.value;
  } else if (spec && !NAME.test(spec.name)) {
    problems.push(`${line}: add a "name:" to this source (the folder its files are saved in)`);
  }
  return problems.length === before ? spec : undefined;
}

/** A readable default folder name: the URL's host without "www.", dots as dashes. */
function nameFromUrl(url: string): string {
  return new URL(url).hostname.replace(/^www\./, "").replace(/\./g, "-");
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function sourcesError(file: string, problems: string[]): AppError {
  return new AppError("config_invalid", `sources: ${problems.length} problem(s) in ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

// Finds the document a member means by a url, a file path or a title: an exact url or file first, then an
// exact title, then the title that best shares the target's words. Nothing close enough → DocumentNotFound,
// naming the closest titles so the member can try again.
import { AppError } from "../../errors.js";
import type { DocumentRow } from "../index-store/chunk-db.js";
import { distinctTerms } from "../text/analyze.js";

export class DocumentNotFoundError extends AppError {
  constructor(
    readonly target: string,
    /** Titles of the documents closest to the target, best first (may be empty). */
    readonly closest: string[],
  ) {
    const hint = closest.length > 0 ? ` Closest: ${closest.map((t) => `"${t}"`).join(", ")}.` : "";
    super("document_not_found", `summarize: no document matches "${target}".${hint}`);
  }
}

/** A title must share at least this much of its and the target's words (Dice) to be taken as meant. */
const TITLE_MATCH = 0.5;
const CLOSEST = 3;

export function resolveDocument(documents: readonly DocumentRow[], target: string): DocumentRow {
  const wanted = target.trim();
  const url = comparableUrl(wanted);
  if (url) {
    const byUrl = documents.find((d) => d.url && comparableUrl(d.url) === url);
    if (byUrl) return byUrl;
  }
  const path = comparablePath(wanted);
  const byFile =
    documents.find((d) => d.file === path) ??
    documents.find((d) => d.file.toLowerCase() === path.toLowerCase()) ??
    documents.find((d) => withoutExtension(d.file).toLowerCase() === path.toLowerCase());
  if (byFile) return byFile;
  const title = comparableTitle(wanted);
  const byTitle = documents.find((d) => comparableTitle(d.title) === title);
  if (byTitle) return byTitle;

  const targetTerms = new Set(distinctTerms(wanted));
  const scored = documents
    .map((d) => ({ d, score: dice(targetTerms, new Set(distinctTerms(d.title))) }))
    .sort((a, b) => b.score - a.score || a.d.title.length - b.d.title.length);
  const [best, second] = scored;
  // Two titles matching equally well: the member has to say which one.
  if (best && best.score >= TITLE_MATCH && !(second && second.score === best.score)) return best.d;
  throw new DocumentNotFoundError(wanted, scored.filter((s) => s.score > 0).slice(0, CLOSEST).map((s) => s.d.title));
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** host + path (no scheme, www, fragment, trailing slash), lower-cased host; undefined when not a URL. */
function comparableUrl(text: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : /^[\w-]+(\.[\w-]+)+\//.test(text) ? `https://${text}` : undefined;
  if (!candidate) return undefined;
  try {
    const u = new URL(candidate);
    return `${u.host.toLowerCase().replace(/^www\./, "")}${u.pathname.replace(/\/+$/, "")}${u.search}`;
  } catch {
    return undefined;
  }
}

function comparablePath(text: string): string {
  return text.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "").replace(/^knowledge\//, "");
}

function withoutExtension(file: string): string {
  return file.replace(/\.[a-z]+$/i, "");
}

function comparableTitle(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

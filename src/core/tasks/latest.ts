// `latest`: the newest documents of the live index by date (front matter `date`, else the day the index
// first saw the document), each with a one-line summary from the document itself. A topic narrows the list
// to documents the core's retrieval finds covering it.
import type { DocumentRow } from "../index-store/chunk-db.js";
import type { IndexView } from "../docent.js";
import { catalogOf, type TaskCatalog } from "./task-catalog.js";
import type { LatestItem, LatestOptions } from "./task-types.js";
import { cutAt, firstSentence, plainLine } from "./plain-text.js";
import { matchingDocuments, type RetrieveFn } from "./search-documents.js";

export const LATEST_DEFAULT = 5;
export const LATEST_MAX = 25;
const SUMMARY_MAX = 200;

export async function latestDocuments(view: IndexView, retrieveFn: RetrieveFn, options: LatestOptions, relevanceFloor: number): Promise<LatestItem[]> {
  const n = clampInt(options.n, LATEST_DEFAULT, 1, LATEST_MAX);
  const catalog = catalogOf(view);
  let documents = await catalog.documents();
  const topic = options.topic?.trim();
  if (topic) {
    const matches = await matchingDocuments(retrieveFn, topic, relevanceFloor);
    documents = documents.filter((d) => matches.has(d.file));
  }
  const newest = documents
    .map((row) => ({ row, date: row.date ?? row.firstSeen.slice(0, 10) }))
    .sort((a, b) => b.date.localeCompare(a.date) || b.row.firstSeen.localeCompare(a.row.firstSeen) || a.row.title.localeCompare(b.row.title))
    .slice(0, n);
  const items: LatestItem[] = [];
  for (const { row, date } of newest)
    items.push({
      file: row.file,
      title: row.title,
      ...(row.url ? { url: row.url } : {}),
      date,
      dateSource: row.date ? "front-matter" : "first-seen",
      summary: await oneLineSummary(catalog, row),
    });
  return items;
}

/** The description from the front matter, else the document's first sentence, as one plain line. */
export async function oneLineSummary(catalog: TaskCatalog, row: DocumentRow): Promise<string> {
  const line = row.description ? plainLine(row.description) : firstSentence(await catalog.chunksOf(row.file), row.title);
  return cutAt(line ?? "", SUMMARY_MAX);
}

export function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

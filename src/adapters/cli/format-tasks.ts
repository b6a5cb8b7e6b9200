// The chat tasks as terminal text: latest documents, a page of search results, a document summary, and the
// /help text of the prompt.
import type { DocumentSummary, LatestItem, SearchPage } from "../../core/index.js";

export const PROMPT_HELP = `Type a question, or one of:
  /latest [n] [topic]         the newest documents (e.g. /latest 3 security)
  /search <words>             documents about some words; /more shows the next page
  /summarize <title|url|file> a short summary of one document, with its sections
  /help                       this list
  exit                        quit (or Ctrl-D)`;

export function formatLatest(items: LatestItem[], topic?: string): string {
  if (items.length === 0) return topic ? `No documents about "${topic}".` : "The knowledge base has no documents yet.";
  const lines = items.map((item, i) => {
    const when = `${item.date} (${item.dateSource === "front-matter" ? "published" : "added"})`;
    const where = item.url ?? item.file;
    return `  ${i + 1}. ${item.title} — ${when}\n     ${item.summary}\n     ${where}`;
  });
  return `Newest documents${topic ? ` about "${topic}"` : ""}:\n${lines.join("\n")}`;
}

export function formatSearchPage(page: SearchPage): string {
  if (page.total === 0) return `No documents match "${page.query}".`;
  if (page.items.length === 0) return `No more results for "${page.query}" (${page.pages} page${page.pages === 1 ? "" : "s"} in all).`;
  const lines = page.items.map((item, i) => {
    const where = [item.title, item.section].filter(Boolean).join(" › ");
    return `  ${i + 1}. ${where} — ${item.url ? `${item.url} (${item.file})` : item.file}\n     ${item.snippet}`;
  });
  const more = page.page < page.pages ? "\nType /more for the next page." : "";
  return `Documents for "${page.query}" (page ${page.page} of ${page.pages}, ${page.total} in all):\n${lines.join("\n")}${more}`;
}

export function formatSummary(summary: DocumentSummary): string {
  const head = `Summary of ${summary.title}${summary.url ? ` — ${summary.url}` : ""} (${summary.file}):`;
  const sections = summary.sections.length > 0 ? `\n\nSections: ${summary.sections.join(" · ")}` : "";
  const sources = summary.citations.length > 0 ? `\nSources:\n${summary.citations.map((c) => `  [${c.n}] ${c.section || "(introduction)"}`).join("\n")}` : "";
  return `${head}\n${summary.summary}${sections}${sources}`;
}

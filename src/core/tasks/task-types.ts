// The chat tasks beyond a single question (issue 13): what's new, document search, summaries, and a
// free-form request an agent may chain. Front ends (CLI, Discord, Slack) speak only these shapes; the
// core implements them over the live index.
import type { Answer, AskOptions, Citation } from "../types.js";

/** One document of `latest`, newest first. */
export interface LatestItem {
  /** Relative to the knowledge directory, forward slashes (as citations name it). */
  file: string;
  title: string;
  url?: string;
  /** ISO date (YYYY-MM-DD): front matter `date`, else the day the index first saw the document. */
  date: string;
  /** Where the date came from, so a front end can say "added" rather than "published". */
  dateSource: "front-matter" | "first-seen";
  /** One line from the document itself (its description or first sentence), no Markdown. */
  summary: string;
}

export interface LatestOptions {
  /** How many documents (default 5, at most 25). */
  n?: number;
  /** Only documents about these words (matched like a search). */
  topic?: string;
}

/** One ranked document of `search` (documents, not an answer). */
export interface SearchItem {
  file: string;
  title: string;
  /** Heading path of the best-matching passage, e.g. "Setup › Tokens"; empty before the first heading. */
  section: string;
  url?: string;
  /** A short plain-text excerpt of the best-matching passage. */
  snippet: string;
  score: number;
}

export interface SearchPage {
  query: string;
  items: SearchItem[];
  /** 1-based page number and the number of pages available. */
  page: number;
  pages: number;
  /** Documents matched in all pages. */
  total: number;
}

export interface SearchOptions {
  /** 1-based (default 1). */
  page?: number;
  /** Documents per page (default 5, at most 10). */
  pageSize?: number;
}

export interface DocumentSummary {
  file: string;
  title: string;
  url?: string;
  /** The document's section headings, in order (top-level path strings such as "Setup › Tokens"). */
  sections: string[];
  /** The summary text with [n] markers that refer to `citations`. */
  summary: string;
  citations: Citation[];
  /** False when nothing could be summarised (the text says why). */
  grounded: boolean;
}

export interface TaskService {
  latest(options?: LatestOptions): Promise<LatestItem[]>;
  searchDocuments(query: string, options?: SearchOptions): Promise<SearchPage>;
  /**
   * Summarises one document named by its url, title or file path. Throws AppError("document_not_found")
   * naming the closest titles when nothing matches.
   */
  summarize(target: string): Promise<DocumentSummary>;
  /**
   * A free-form request ("what changed about security this month, and summarise the most important one").
   * With a model configured, a bounded tool-calling agent over latest/search/summarize/ask handles it;
   * without one it is `ask`.
   */
  request(text: string, options?: AskOptions): Promise<Answer>;
}

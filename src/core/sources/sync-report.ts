// The outcome of one source sync, as counted while it runs: files added, changed and removed under the
// knowledge directory, pages left alone, and every failure or skip with its source, URL and reason.

export interface SourceProblem {
  source: string;
  /** The URL or path concerned. */
  target: string;
  reason: string;
}

export interface SourcesSummary {
  sources: number;
  /** Responses downloaded in full (feeds, sitemaps, pages). */
  fetched: number;
  /** Conditional requests answered 304 Not Modified. */
  notModified: number;
  /** Files relative to the knowledge directory. */
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  failed: SourceProblem[];
  /** Not fetched on purpose (robots.txt, another host, the deadline), or a folder source's symlink not followed; not a failure. */
  skipped: SourceProblem[];
  dryRun: boolean;
  seconds: number;
}

export function emptySummary(dryRun: boolean): SourcesSummary {
  return { sources: 0, fetched: 0, notModified: 0, added: [], changed: [], removed: [], unchanged: 0, failed: [], skipped: [], dryRun, seconds: 0 };
}

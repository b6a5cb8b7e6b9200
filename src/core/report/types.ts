// The quality report's data, as plain values: built from the record store and the index manifest by
// build-report.ts, rendered by markdown.ts and html.ts. Holds no user ids and no message text but questions.
import type { IndexedDocument } from "../index-store/list-documents.js";
import type { Platform, StoredAnswer, StoredVote } from "../records/record-store.js";

export interface ReportInput {
  /** Answers in the window, any order. */
  answers: StoredAnswer[];
  /** Current votes on those answers. */
  votes: StoredVote[];
  /** What the live index holds; undefined when there is no index to compare against. */
  documents: IndexedDocument[] | undefined;
  /** First day of the window (YYYY-MM-DD, UTC) and the number of days in it, today included. */
  firstDay: string;
  days: number;
  retentionDays: number;
  generatedAt: string;
}

export interface DayStats {
  day: string;
  questions: number;
  answered: number;
  /** answered / questions; null on a day without questions. */
  answerRate: number | null;
  medianLatencyMs: number | null;
  up: number;
  down: number;
}

export interface QuestionVariant {
  question: string;
  count: number;
  lastAsked: string;
}

export interface QuestionGroup {
  /** The words the group's questions share, most common first. */
  label: string[];
  count: number;
  lastAsked: string;
  /** Distinct wordings, most asked first. */
  variants: QuestionVariant[];
}

export interface Source {
  file: string;
  title: string;
  url?: string;
}

export interface DownvotedAnswer {
  id: string;
  question: string;
  /** The bot's own answer, shortened: enough to see what went wrong. */
  answerExcerpt: string;
  grounded: boolean;
  up: number;
  down: number;
  createdAt: string;
  sources: Source[];
}

export interface Topic {
  /** Stemmed term, as compared. */
  term: string;
  /** The word as people most often wrote it. */
  word: string;
  /** Questions that contain it. */
  questions: number;
}

export interface CitedDocument extends Source {
  /** Grounded answers that cite it. */
  citations: number;
}

export interface QualityReport {
  generatedAt: string;
  firstDay: string;
  lastDay: string;
  days: number;
  retentionDays: number;
  totals: {
    questions: number;
    answered: number;
    answerRate: number | null;
    medianLatencyMs: number | null;
    /** Distinct hashed askers: a count, never the hashes. */
    askers: number;
    up: number;
    down: number;
    /** Questions per platform id that recorded any, most first. */
    byPlatform: Record<Platform, number>;
  };
  daily: DayStats[];
  unanswered: QuestionGroup[];
  downvoted: DownvotedAnswer[];
  topics: Topic[];
  mostCited: CitedDocument[];
  /** Indexed documents no grounded answer cited in the window; null when the index could not be read. */
  neverCited: Source[] | null;
  indexedDocuments: number | null;
}

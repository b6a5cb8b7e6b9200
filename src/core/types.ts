// The core's public data shapes. Front ends (CLI, Discord, Slack) speak only these.

/** One earlier turn of a conversation (a thread or a DM), oldest first. */
export interface HistoryTurn {
  role: "user" | "assistant";
  text: string;
}

export interface AskOptions {
  /** Earlier turns of the same conversation, oldest first; used to understand follow-ups. */
  history?: HistoryTurn[];
  /** Receives the answer text so far while a streaming answerer writes it; the final Answer still follows. */
  onPartial?: (textSoFar: string) => void;
}

/** A source the answer cites; `n` is the number used as `[n]` in the answer text. */
export interface Citation {
  n: number;
  title: string;
  /** Heading path inside the document, e.g. "Setup › Tokens"; empty for text before the first heading. */
  section: string;
  url?: string;
  /** Path of the document relative to the knowledge directory, with forward slashes. */
  file: string;
  score: number;
}

export interface Answer {
  answer: string;
  /** When grounded, the cited sources; otherwise the closest documents, which the answer does not rely on. */
  citations: Citation[];
  /** True when the answer comes from the knowledge base; false for the honest "not covered" reply. */
  grounded: boolean;
  timings: { retrieveMs: number; answerMs: number };
}

/** What every front end needs from the core. */
export interface AskService {
  ask(question: string, options?: AskOptions): Promise<Answer>;
}

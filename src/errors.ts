// Typed errors shared by the core, the adapters and the scripts. Each carries a code that front ends map to
// a user-facing message, and the original cause so logs keep the whole story.

export type ErrorCode =
  | "config_invalid"
  | "index_missing"
  | "index_mismatch"
  | "index_corrupt"
  | "embedder_unavailable"
  | "question_empty"
  | "question_too_long"
  | "ask_timeout"
  | "answer_unknown"
  /** A chat task named a document (url, title or file) that is not in the index. */
  | "document_not_found"
  | "ingest_failed"
  /** A chat platform refused the credentials (bad, reset or revoked token). */
  | "platform_auth_failed"
  /** A chat platform's API could not be reached, or did not answer in time. */
  | "platform_unreachable"
  /** A chat platform refused the connection for another reason (e.g. intents not enabled). */
  | "platform_start_failed"
  /** The record store (DATA_DIR/docent.sqlite) or its key cannot be opened or written. */
  | "record_store_unavailable"
  /** npm run records:copy would mix member hashes made with two different keys, and stopped before copying. */
  | "records_copy_refused"
  /** An HTTP server could not listen (port in use, no permission): HTTP_PORT, or SLACK_PORT in Slack's HTTP mode. */
  | "http_listen_failed"
  /** DATABASE_URL is set but the database cannot be reached, refused the login, or its schema cannot be migrated. */
  | "database_unavailable"
  /** The configured store cannot do this (yet). */
  | "index_unsupported"
  /** The process is shutting down and takes no new questions. */
  | "shutting_down";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

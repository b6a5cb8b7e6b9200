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
  | "ingest_failed";

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

// How every entry point (npm start, ingest, ask, deploy) ends: known errors print their message — which
// says what went wrong and what to do — and exit non-zero; anything unexpected also gets one plain line
// (its stack goes to the log, for a bug report), never a JSON record alone.
// With `exit: true` the process exits as soon as the entry is done, whatever handles are still open (a
// socket that never answered, a client's retry timer): a supervisor sees the exit status at once.
import { isAppError } from "./errors.js";
import { createLogger } from "./logger.js";

export interface RunEntryOptions {
  /** Names the command in the one line printed for an unexpected failure, e.g. "npm start". */
  name?: string;
  /** Exit right after the entry finishes instead of waiting for the event loop to drain. */
  exit?: boolean;
}

export function runEntry(main: () => Promise<number | void>, options: RunEntryOptions = {}): void {
  const finish = () => {
    if (options.exit) process.exit();
  };
  main().then(
    (code) => {
      if (typeof code === "number") process.exitCode = code;
      finish();
    },
    (error: unknown) => {
      process.exitCode = 1;
      process.stderr.write(`${failureLine(error, options.name ?? "docent")}\n`);
      finish();
    },
  );
}

/** The one line an operator reads when an entry point fails. */
export function failureLine(error: unknown, name: string): string {
  if (isAppError(error)) return error.message;
  if (String((error as { code?: unknown } | null)?.code ?? "").startsWith("ERR_PARSE_ARGS"))
    return `${(error as Error).message.split(". ")[0]} (see --help)`;
  createLogger("main").error({ err: error }, "unexpected failure");
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return `${name}: unexpected failure: ${message} (the log has the details; please report it if it persists)`;
}

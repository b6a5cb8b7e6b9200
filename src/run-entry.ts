// How every entry point (npm start, ingest, ask, deploy) ends: known errors print their message — which
// says what to do — and exit non-zero; anything unexpected is logged with its stack for the operator.
import { isAppError } from "./errors.js";
import { createLogger } from "./logger.js";

export function runEntry(main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      if (typeof code === "number") process.exitCode = code;
    },
    (error: unknown) => {
      const usageError = String((error as { code?: unknown } | null)?.code ?? "").startsWith("ERR_PARSE_ARGS");
      if (isAppError(error)) process.stderr.write(`${error.message}\n`);
      else if (usageError) process.stderr.write(`${(error as Error).message.split(". ")[0]} (see --help)\n`);
      else createLogger("main").fatal({ err: error }, "unexpected failure");
      process.exitCode = 1;
    },
  );
}

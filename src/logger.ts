// One structured logger for the whole process. Logs go to stderr so that stdout stays clean for the CLI's
// answers and JSON; anything that looks like a credential is redacted before it is written.
import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

const REDACT_PATHS = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "apiKey",
  "*.apiKey",
  "signingSecret",
  "*.signingSecret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
];

let root: Logger | undefined;

export function createRootLogger(level: LevelWithSilent = "info"): Logger {
  root = pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, pino.destination(2));
  return root;
}

/** A child logger named for the part of the product that logs through it. */
export function createLogger(name: string): Logger {
  // Entry points call createRootLogger(config.logLevel) first; this default only covers library use.
  root ??= createRootLogger("info");
  return root.child({ name });
}

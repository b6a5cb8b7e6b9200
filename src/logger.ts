// One structured logger for the whole process. Logs go to stderr so that stdout stays clean for the CLI's
// answers and JSON; anything that looks like a credential is redacted before it is written. At a terminal
// (or with LOG_FORMAT=pretty) each entry is one readable line — time, level, logger, message, its fields,
// and an error's message without the stack — through pino-pretty running in this process (no worker
// thread). Otherwise (or with LOG_FORMAT=json) entries are JSON lines with every detail, for machines.
import { pino, type Logger, type LevelWithSilent } from "pino";
import pretty from "pino-pretty";

export type { Logger };
export type LogFormat = "auto" | "pretty" | "json";

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

export interface RootLoggerOptions {
  /** Where entries go; stderr by default. */
  destination?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** pretty at a terminal (or when asked), JSON otherwise. */
export function usePrettyLogs(format: LogFormat, stream: { isTTY?: boolean } = process.stderr): boolean {
  return format === "pretty" || (format === "auto" && Boolean(stream.isTTY));
}

export function createRootLogger(level: LevelWithSilent = "info", format: LogFormat = "auto", options: RootLoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const settings = { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  root = usePrettyLogs(format, destination)
    ? pino(settings, prettyStream(destination))
    : pino(settings, options.destination ?? pino.destination(2));
  return root;
}

/** A child logger named for the part of the product that logs through it. */
export function createLogger(name: string): Logger {
  // Entry points call createRootLogger(config.logLevel, config.logFormat) first; this default only covers library use.
  root ??= createRootLogger("info");
  return root.child({ name });
}

function prettyStream(destination: NodeJS.WritableStream & { isTTY?: boolean }) {
  return pretty({
    destination: destination === process.stderr ? 2 : destination,
    sync: true,
    colorize: Boolean(destination.isTTY) && pretty.isColorSupported,
    translateTime: "SYS:HH:MM:ss",
    singleLine: true,
    ignore: "pid,hostname,err,error",
    // An error shows as its message on the same line; LOG_FORMAT=json keeps the stack.
    messageFormat: (entry, messageKey) => {
      const error = (entry.err ?? entry.error) as { type?: string; message?: string; code?: unknown } | undefined;
      const message = String(entry[messageKey] ?? "");
      if (!error || typeof error !== "object") return message;
      const what = [error.type && error.type !== "Error" && error.type !== "AppError" ? error.type : "", error.message ?? ""]
        .filter(Boolean)
        .join(": ")
        .replace(/\s*\n\s*/g, " ");
      return message === "" ? what : `${message}: ${what}`;
    },
  });
}

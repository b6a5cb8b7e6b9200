// Bolt (and the WebClient it shares its logger with) expect @slack/logger's interface; this routes their
// output into our pino logger so the process writes one structured log, with the same redaction.
import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";

export function createBoltLogger(base: Logger): BoltLogger {
  let logger = base.child({ component: "bolt" });
  // Bolt passes strings, errors and objects positionally; pino wants (object, message).
  const write = (level: "debug" | "info" | "warn" | "error", parts: unknown[]) => {
    // Bolt logs several debug lines per request; skip building them when they would be dropped anyway.
    if (!logger.isLevelEnabled(level)) return;
    const error = parts.find((p): p is Error => p instanceof Error);
    const message = parts
      .filter((p) => !(p instanceof Error))
      .map((p) => (typeof p === "string" ? p : safeJson(p)))
      .join(" ");
    if (error) logger[level]({ err: error }, message);
    else logger[level](message);
  };
  return {
    debug: (...msg) => write("debug", msg),
    info: (...msg) => write("info", msg),
    warn: (...msg) => write("warn", msg),
    error: (...msg) => write("error", msg),
    // Our log level is set once for the whole process (LOG_LEVEL); Bolt asking for its own is ignored.
    setLevel: () => undefined,
    getLevel: () => toBoltLevel(logger.level),
    setName: (name) => {
      logger = base.child({ component: name });
    },
  };
}

function toBoltLevel(level: string): LogLevel {
  if (level === "trace" || level === "debug") return LogLevel.DEBUG;
  if (level === "info") return LogLevel.INFO;
  if (level === "warn") return LogLevel.WARN;
  return LogLevel.ERROR;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

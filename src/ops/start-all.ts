// Starts the configured services (chat adapters) side by side. The start-up policy: either every one of them
// starts, or the ones that did are stopped again and the start fails with one line per failed service, so
// the process exits non-zero and its supervisor restarts it or alerts — no half-started process that looks
// alive.
import { AppError, isAppError } from "../errors.js";
import type { Logger } from "../logger.js";

export interface Service<H extends { stop(): Promise<void> }> {
  name: string;
  start(): Promise<H>;
}

export async function startAll<H extends { stop(): Promise<void> }>(
  services: Service<H>[],
  options: { logger: Logger; stopTimeoutMs: number },
): Promise<H[]> {
  const results = await Promise.allSettled(services.map((service) => service.start()));
  const failures = results.flatMap((result, i) => (result.status === "rejected" ? [describe(services[i]!.name, result.reason, options.logger)] : []));
  const started = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  if (failures.length === 0) return started;
  await Promise.all(started.map((handle) => bounded(handle.stop(), options.stopTimeoutMs).catch(() => undefined)));
  if (failures.length === 1) throw failures[0];
  throw new AppError(failures[0]!.code, failures.map((f) => f.message).join("\n"), { cause: failures });
}

function describe(name: string, error: unknown, logger: Logger): AppError {
  if (isAppError(error)) return error;
  // Unexpected: the stack goes to the log for a bug report, the operator gets the one line.
  logger.debug({ err: error, service: name }, "start-up failure");
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new AppError("platform_start_failed", `${name}: could not start: ${message}`, { cause: error });
}

export async function bounded<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// Bounds how long a front end waits for the core, so a stuck answer becomes an apology, not silence.
import { AppError } from "../errors.js";

export async function withTimeout<T>(work: Promise<T>, ms: number, what = "answer"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError("ask_timeout", `${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

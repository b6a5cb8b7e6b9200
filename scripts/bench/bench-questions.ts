// Questions for the chat benchmarks: the answerable seed questions, or one generic question when the file
// is missing — the deferral and ack paths under test do not depend on what is asked.
import { readFile } from "node:fs/promises";

export const DEFAULT_BENCH_QUESTIONS = "test/fixtures/seed-questions.json";

export async function loadBenchQuestions(file: string): Promise<string[]> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as { answerable?: Array<{ question: string }> };
    const list = (parsed.answerable ?? []).map((q) => q.question).filter(Boolean);
    if (list.length > 0) return list;
  } catch {
    // Fall through to the generic question.
  }
  return ["How do I get started?"];
}

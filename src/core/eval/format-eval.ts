// The evaluation's terminal output: a table of the headline figures and the list of failed questions.
import type { EvalReport } from "./run-eval.js";
import type { Rate } from "./summarize.js";

export function formatEvalTable(report: EvalReport): string {
  const s = report.summary;
  const rows: [string, Rate][] = [
    ["hit@1", s.retrieval.hit1],
    ["hit@3", s.retrieval.hit3],
    ["hit@5", s.retrieval.hit5],
    ["MRR", s.retrieval.mrr],
    ["nDCG@10", s.retrieval.ndcg10],
    ["answer correctness", s.answerCorrectness],
    ["citation correctness", s.citationCorrectness],
    ["abstention accuracy", s.abstentionAccuracy],
    ["answered (answerable)", s.answeredRate],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = [
    `${s.questions} questions (${s.answerable} answerable, ${s.unanswerable} unanswerable); ${s.failed} with failures`,
    "",
    `${"metric".padEnd(width)} | value | over`,
    `${"-".repeat(width)}-|-------|-----`,
    ...rows.map(([name, rate]) => `${name.padEnd(width)} | ${rate.value.toFixed(3)} | ${rate.count}`),
  ];
  const failed = report.questions.filter((q) => q.failures.length > 0);
  if (failed.length > 0) {
    lines.push("", "Failures:");
    for (const q of failed) {
      lines.push(`  ${q.id}: ${q.question}`);
      for (const f of q.failures) lines.push(`    - ${f}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// Assembles the quality report from the stored answers and votes of a window and the index manifest.
// Pure: the caller reads the store (after applying retention) and passes plain data in.
import { mostCited, neverCited } from "./citations.js";
import { dailyStats } from "./daily-stats.js";
import { downvotedAnswers } from "./downvoted.js";
import { groupQuestions } from "./group-questions.js";
import { dayRange, median } from "./stats.js";
import { topTopics } from "./topics.js";
import type { QualityReport, ReportInput } from "./types.js";

export function buildReport(input: ReportInput): QualityReport {
  const { answers, votes } = input;
  const answered = answers.filter((a) => a.grounded).length;
  // Whatever platforms recorded answers, most questions first.
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a.platform, (counts.get(a.platform) ?? 0) + 1);
  const byPlatform = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return {
    generatedAt: input.generatedAt,
    firstDay: input.firstDay,
    lastDay: dayRange(input.firstDay, input.days).at(-1)!,
    days: input.days,
    retentionDays: input.retentionDays,
    totals: {
      questions: answers.length,
      answered,
      answerRate: answers.length === 0 ? null : answered / answers.length,
      medianLatencyMs: median(answers.map((a) => a.latencyMs)),
      askers: new Set(answers.map((a) => `${a.platform}:${a.userHash}`)).size,
      up: votes.filter((v) => v.vote === "up").length,
      down: votes.filter((v) => v.vote === "down").length,
      byPlatform,
    },
    daily: dailyStats(answers, votes, input.firstDay, input.days),
    unanswered: groupQuestions(answers.filter((a) => !a.grounded)),
    downvoted: downvotedAnswers(answers, votes),
    topics: topTopics(answers.map((a) => a.question)),
    mostCited: mostCited(answers),
    neverCited: input.documents ? neverCited(answers, input.documents) : null,
    indexedDocuments: input.documents ? input.documents.length : null,
  };
}

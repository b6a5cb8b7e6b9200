// Per-day figures for the report's charts and trend table: questions, answer rate, median latency, votes.
// Every day of the window gets a row, quiet days included, so charts keep an even time axis.
import type { StoredAnswer, StoredVote } from "../records/record-store.js";
import { dayOf, dayRange, median } from "./stats.js";
import type { DayStats } from "./types.js";

export function dailyStats(answers: StoredAnswer[], votes: StoredVote[], firstDay: string, days: number): DayStats[] {
  const rows = new Map(
    dayRange(firstDay, days).map((day) => [day, { day, questions: 0, answered: 0, latencies: [] as number[], up: 0, down: 0 }]),
  );
  for (const a of answers) {
    const row = rows.get(dayOf(a.createdAt));
    if (!row) continue;
    row.questions++;
    if (a.grounded) row.answered++;
    row.latencies.push(a.latencyMs);
  }
  // A vote counts on the day it was last set: that is when the member's current opinion was given.
  for (const v of votes) {
    const row = rows.get(dayOf(v.updatedAt));
    if (!row) continue;
    if (v.vote === "up") row.up++;
    else row.down++;
  }
  return [...rows.values()].map(({ latencies, ...row }) => ({
    ...row,
    answerRate: row.questions === 0 ? null : row.answered / row.questions,
    medianLatencyMs: median(latencies),
  }));
}

// The source sync's outcome as plain text, for the terminal and the chat admin command alike: one line of
// counts, then one line per file and per problem, so a dry run shows exactly what would change. What the
// run's deadline left out is listed as "skipped: deadline", with the reason said once.

import type { SourceProblem, SourcesSummary } from "./sync-report.js";

export function formatSourcesSummary(s: SourcesSummary): string {
  const late = s.skipped.filter(isDeadlineSkip);
  const skipped = s.skipped.filter((p) => !isDeadlineSkip(p));
  const would = s.dryRun ? "would be " : "";
  const head =
    `sources${s.dryRun ? " (dry run: nothing written)" : ""}: ${s.sources} source${s.sources === 1 ? "" : "s"}, ` +
    `${s.fetched} fetched, ${s.notModified} not modified; ${s.added.length} ${would}added, ${s.changed.length} ${would}changed, ` +
    `${s.removed.length} ${would}removed, ${s.unchanged} unchanged, ${s.failed.length} failed` +
    `${s.skipped.length > 0 ? `, ${s.skipped.length} skipped` : ""}; ${s.seconds.toFixed(2)} s`;
  const deadline = late.length > 0 ? [`  ${late.length} skipped at the ${late[0]!.reason.replace(/; previous copy kept$/, "")}`] : [];
  const verb = (what: string) => (s.dryRun ? `would ${what === "added" ? "add" : what === "changed" ? "change" : "remove"}` : what);
  return [
    head,
    ...s.added.map((f) => `  ${verb("added")}: ${f}`),
    ...s.changed.map((f) => `  ${verb("changed")}: ${f}`),
    ...s.removed.map((f) => `  ${verb("removed")}: ${f}`),
    ...s.failed.map((p) => `  failed: ${p.source}: ${p.target ? `${p.target}: ` : ""}${p.reason}`),
    ...skipped.map((p) => `  skipped: ${p.source}: ${p.target}: ${p.reason}`),
    ...deadline,
    ...late.map((p) => `  skipped: deadline: ${p.source}: ${p.target}`),
  ].join("\n");
}

/** Left out because the run's deadline passed (see sync-sources.ts). */
export function isDeadlineSkip(problem: SourceProblem): boolean {
  return problem.reason.startsWith("deadline:");
}

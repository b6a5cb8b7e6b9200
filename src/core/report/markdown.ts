// The report as Markdown, to paste into an issue: headline figures, then what to act on (unanswered
// questions, down-voted answers), then what people ask about and which documents carry the answers.
import { describePlatforms } from "./platforms.js";
import { mdLink, mdText, ms, percent } from "./escape.js";
import type { QualityReport } from "./types.js";

const MAX_GROUPS = 30;
const MAX_VARIANTS = 5;
const MAX_DOWNVOTED = 20;
const MAX_NEVER_CITED = 50;

export function renderMarkdown(r: QualityReport): string {
  const t = r.totals;
  const out: string[] = [];
  out.push(`# Docent quality report, ${r.firstDay} to ${r.lastDay}`, "");
  out.push(
    `${t.questions} questions from ${t.askers} people${t.questions > 0 ? ` (${describePlatforms(t.byPlatform)})` : ""}; ` +
      `answered ${t.answered} (${percent(t.answerRate)}); median latency ${ms(t.medianLatencyMs)}; votes 👍 ${t.up} / 👎 ${t.down}.`,
    "",
  );

  out.push(`## Questions the bot could not answer (${t.questions - t.answered})`, "");
  if (r.unanswered.length === 0) out.push("None in this period.", "");
  else {
    out.push("Grouped by shared words; each group is a candidate for new or clearer docs.", "");
    for (const g of r.unanswered.slice(0, MAX_GROUPS)) {
      out.push(`- **${mdText(g.label.join(", ") || "(no content words)")}**: asked ${times(g.count)}, last ${g.lastAsked.slice(0, 10)}`);
      for (const v of g.variants.slice(0, MAX_VARIANTS)) out.push(`  - ${mdText(v.question)}${v.count > 1 ? ` (×${v.count})` : ""}`);
      if (g.variants.length > MAX_VARIANTS) out.push(`  - … and ${g.variants.length - MAX_VARIANTS} more wordings`);
    }
    if (r.unanswered.length > MAX_GROUPS) out.push(`- … and ${r.unanswered.length - MAX_GROUPS} more groups`);
    out.push("");
  }

  out.push(`## Answers voted down (${r.downvoted.length})`, "");
  if (r.downvoted.length === 0) out.push("None in this period.", "");
  else {
    for (const d of r.downvoted.slice(0, MAX_DOWNVOTED)) {
      out.push(`- **${mdText(d.question)}** (👎 ${d.down}, 👍 ${d.up}, ${d.createdAt.slice(0, 10)}${d.grounded ? "" : ", declined"})`);
      out.push(`  - Answer: ${mdText(d.answerExcerpt)}`);
      out.push(`  - Sources: ${d.sources.length === 0 ? "none" : d.sources.map((s) => `${mdLink(s.title || s.file, s.url)} (\`${s.file.replace(/`/g, "'")}\`)`).join("; ")}`);
    }
    if (r.downvoted.length > MAX_DOWNVOTED) out.push(`- … and ${r.downvoted.length - MAX_DOWNVOTED} more`);
    out.push("");
  }

  out.push("## Most-asked topics", "");
  if (r.topics.length === 0) out.push("No word came up in more than one question.", "");
  else out.push(r.topics.map((tp) => `${mdText(tp.word)} (${tp.questions})`).join(" · "), "");

  out.push("## Most-cited documents", "");
  if (r.mostCited.length === 0) out.push("No grounded answers in this period.", "");
  else {
    out.push("| Document | File | Cited by answers |", "| --- | --- | ---: |");
    for (const d of r.mostCited) out.push(`| ${mdLink(d.title || d.file, d.url)} | ${mdText(d.file)} | ${d.citations} |`);
    out.push("");
  }

  out.push("## Never-cited documents", "");
  if (r.neverCited === null) out.push("The index could not be read, so this list is missing; run `npm run ingest`.", "");
  else if (r.neverCited.length === 0) out.push(`Every indexed document (${r.indexedDocuments}) was cited at least once.`, "");
  else {
    out.push(`${r.neverCited.length} of ${r.indexedDocuments} indexed documents were not cited by any answer:`, "");
    for (const d of r.neverCited.slice(0, MAX_NEVER_CITED)) out.push(`- ${mdLink(d.title || d.file, d.url)} (${mdText(d.file)})`);
    if (r.neverCited.length > MAX_NEVER_CITED) out.push(`- … and ${r.neverCited.length - MAX_NEVER_CITED} more`);
    out.push("");
  }

  out.push("## Answer rate and latency per day", "", "| Day | Questions | Answered | Answer rate | Median latency | 👍 | 👎 |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const d of r.daily)
    out.push(`| ${d.day} | ${d.questions} | ${d.answered} | ${percent(d.answerRate)} | ${ms(d.medianLatencyMs)} | ${d.up} | ${d.down} |`);
  out.push("", `_Generated ${r.generatedAt}. Records older than ${r.retentionDays} days are deleted; user ids are stored only as keyed hashes._`, "");
  return out.join("\n");
}

function times(n: number): string {
  return n === 1 ? "once" : `${n} times`;
}

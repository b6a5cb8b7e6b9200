// The report as one self-contained HTML page: inline CSS and SVG only, and a Content-Security-Policy that
// forbids loading anything, so it opens offline and cannot call out even if a question smuggles markup.
import { describePlatforms } from "./platforms.js";
import { html, ms, percent, safeHref } from "./escape.js";
import { CHART_COLOURS, lineChart, stackedBarChart } from "./svg-charts.js";
import type { QualityReport, Source } from "./types.js";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;background:#ffffff;margin:24px;max-width:1120px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d1d5db;padding-bottom:4px}
.summary{color:#374151;margin:0 0 12px}.chart{margin:8px 0 14px}figcaption{font-weight:600;margin-bottom:2px}
.legend{font-weight:400;color:#4b5563;margin-left:12px}.key{margin-right:12px}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:baseline}
.tick{font-size:11px;fill:#6b7280}.empty{font-size:14px;fill:#6b7280}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d1d5db;padding:3px 8px;text-align:left;vertical-align:top}td.n{text-align:right}
a{color:#1e3a5f}ul{margin:4px 0 4px 20px;padding:0}.muted{color:#6b7280}.foot{color:#6b7280;margin-top:24px;font-size:12px}
`;

export function renderHtml(r: QualityReport): string {
  const t = r.totals;
  const days = r.daily.map((d) => d.day);
  const charts = [
    stackedBarChart("Questions per day", days, [
      { name: "answered", colour: CHART_COLOURS.answered, values: r.daily.map((d) => d.answered) },
      { name: "not answered", colour: CHART_COLOURS.unanswered, values: r.daily.map((d) => d.questions - d.answered) },
    ]),
    lineChart("Answer rate", days, { name: "answered", colour: CHART_COLOURS.answerRate, values: r.daily.map((d) => d.answerRate) }),
    stackedBarChart("Votes per day", days, [
      { name: "helpful", colour: CHART_COLOURS.up, values: r.daily.map((d) => d.up) },
      { name: "not helpful", colour: CHART_COLOURS.down, values: r.daily.map((d) => d.down) },
    ]),
  ];
  const body = [
    `<h1>Docent quality report, ${html(r.firstDay)} to ${html(r.lastDay)}</h1>`,
    `<p class="summary">${t.questions} questions from ${t.askers} people${t.questions > 0 ? ` (${html(describePlatforms(t.byPlatform))})` : ""}; ` +
      `answered ${t.answered} (${percent(t.answerRate)}); median latency ${ms(t.medianLatencyMs)}; votes: ${t.up} helpful, ${t.down} not helpful.</p>`,
    ...charts,
    section(`Questions the bot could not answer (${t.questions - t.answered})`, unansweredHtml(r)),
    section(`Answers voted down (${r.downvoted.length})`, downvotedHtml(r)),
    section("Most-asked topics", r.topics.length === 0 ? `<p class="muted">No word came up in more than one question.</p>` : `<p>${r.topics.map((tp) => `${html(tp.word)} <span class="muted">(${tp.questions})</span>`).join(" · ")}</p>`),
    section("Most-cited documents", citedHtml(r)),
    section("Never-cited documents", neverCitedHtml(r)),
    section("Answer rate and latency per day", dailyHtml(r)),
    `<p class="foot">Generated ${html(r.generatedAt)}. Records older than ${r.retentionDays} days are deleted; user ids are stored only as keyed hashes.</p>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Docent quality report ${html(r.firstDay)} to ${html(r.lastDay)}</title><style>${STYLE}</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}

function section(title: string, content: string): string {
  return `<h2>${html(title)}</h2>\n${content}`;
}

function link(s: Source): string {
  const href = safeHref(s.url);
  const text = html(s.title || s.file);
  return href ? `<a href="${href}">${text}</a>` : text;
}

function unansweredHtml(r: QualityReport): string {
  if (r.unanswered.length === 0) return `<p class="muted">None in this period.</p>`;
  const items = r.unanswered.map(
    (g) =>
      `<li><strong>${html(g.label.join(", ") || "(no content words)")}</strong>: asked ${g.count === 1 ? "once" : `${g.count} times`}, last ${html(g.lastAsked.slice(0, 10))}<ul>` +
      g.variants.map((v) => `<li>${html(v.question)}${v.count > 1 ? ` <span class="muted">(×${v.count})</span>` : ""}</li>`).join("") +
      `</ul></li>`,
  );
  return `<ul>${items.join("\n")}</ul>`;
}

function downvotedHtml(r: QualityReport): string {
  if (r.downvoted.length === 0) return `<p class="muted">None in this period.</p>`;
  const rows = r.downvoted.map(
    (d) =>
      `<tr><td>${html(d.question)}</td><td>${html(d.answerExcerpt)}${d.grounded ? "" : ` <span class="muted">(declined)</span>`}</td>` +
      `<td>${d.sources.length === 0 ? "none" : d.sources.map((s) => `${link(s)} <span class="muted">${html(s.file)}</span>`).join("<br>")}</td>` +
      `<td class="n">${d.down}</td><td class="n">${d.up}</td><td>${html(d.createdAt.slice(0, 10))}</td></tr>`,
  );
  return `<table><tr><th>Question</th><th>Answer</th><th>Sources</th><th>Down</th><th>Up</th><th>Asked</th></tr>${rows.join("\n")}</table>`;
}

function citedHtml(r: QualityReport): string {
  if (r.mostCited.length === 0) return `<p class="muted">No grounded answers in this period.</p>`;
  const rows = r.mostCited.map((d) => `<tr><td>${link(d)}</td><td>${html(d.file)}</td><td class="n">${d.citations}</td></tr>`);
  return `<table><tr><th>Document</th><th>File</th><th>Cited by answers</th></tr>${rows.join("\n")}</table>`;
}

function neverCitedHtml(r: QualityReport): string {
  if (r.neverCited === null) return `<p class="muted">The index could not be read, so this list is missing; run npm run ingest.</p>`;
  if (r.neverCited.length === 0) return `<p class="muted">Every indexed document (${r.indexedDocuments}) was cited at least once.</p>`;
  return `<p>${r.neverCited.length} of ${r.indexedDocuments} indexed documents were not cited by any answer:</p><ul>${r.neverCited.map((d) => `<li>${link(d)} <span class="muted">${html(d.file)}</span></li>`).join("")}</ul>`;
}

function dailyHtml(r: QualityReport): string {
  const rows = r.daily.map(
    (d) =>
      `<tr><td>${d.day}</td><td class="n">${d.questions}</td><td class="n">${d.answered}</td><td class="n">${percent(d.answerRate)}</td>` +
      `<td class="n">${ms(d.medianLatencyMs)}</td><td class="n">${d.up}</td><td class="n">${d.down}</td></tr>`,
  );
  return `<table><tr><th>Day</th><th>Questions</th><th>Answered</th><th>Answer rate</th><th>Median latency</th><th>Up</th><th>Down</th></tr>${rows.join("\n")}</table>`;
}

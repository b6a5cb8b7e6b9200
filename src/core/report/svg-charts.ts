// Inline SVG charts for the HTML report: drawn here as strings, so the page needs no script, font or CDN
// and opens offline. Series colours are fixed (CHART_COLOURS) and used nowhere else on the page, which is
// what the screenshot test looks for.
import { html } from "./escape.js";
import type { DayStats } from "./types.js";

export const CHART_COLOURS = {
  answered: "#2563eb",
  unanswered: "#f59e0b",
  answerRate: "#16a34a",
  up: "#0d9488",
  down: "#dc2626",
} as const;

const W = 1100;
const H = 220;
const M = { top: 16, right: 16, bottom: 34, left: 48 };
const AXIS = "#6b7280";
const GRID = "#e5e7eb";

interface Series {
  name: string;
  colour: string;
  values: number[];
}

/** Stacked bars, one stack per day. */
export function stackedBarChart(title: string, days: string[], series: Series[]): string {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const { plotW, plotH, slot } = frame(days.length);
  const barW = Math.max(2, slot * 0.7);
  const bars: string[] = [];
  days.forEach((day, i) => {
    let base = 0;
    for (const s of series) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const y0 = M.top + plotH - (base / max) * plotH;
      const h = (v / max) * plotH;
      bars.push(
        `<rect x="${fmt(M.left + i * slot + (slot - barW) / 2)}" y="${fmt(y0 - h)}" width="${fmt(barW)}" height="${fmt(h)}" fill="${s.colour}"><title>${html(`${day}: ${v} ${s.name}`)}</title></rect>`,
      );
      base += v;
    }
  });
  const empty = totals.every((t) => t === 0) ? emptyNote(plotW, plotH) : "";
  return svg(title, [...yAxis(max, plotH, (v) => String(v)), ...xAxis(days, slot), ...bars, empty], legend(series));
}

/** A line over days, with gaps where the value is null (days without questions). */
export function lineChart(title: string, days: string[], series: { name: string; colour: string; values: (number | null)[] }): string {
  const { plotW, plotH, slot } = frame(days.length);
  const point = (i: number, v: number) => [M.left + i * slot + slot / 2, M.top + plotH - v * plotH] as const;
  const segments: string[] = [];
  let path = "";
  series.values.forEach((v, i) => {
    if (v === null) {
      if (path) segments.push(path);
      path = "";
      return;
    }
    const [x, y] = point(i, v);
    path += `${path ? " L" : "M"}${fmt(x)} ${fmt(y)}`;
  });
  if (path) segments.push(path);
  const lines = segments.map((d) => `<path d="${d}" fill="none" stroke="${series.colour}" stroke-width="3" stroke-linejoin="round"/>`);
  const dots = series.values.flatMap((v, i) => {
    if (v === null) return [];
    const [x, y] = point(i, v);
    return [`<circle cx="${fmt(x)}" cy="${fmt(y)}" r="4" fill="${series.colour}"><title>${html(`${days[i]}: ${Math.round(v * 100)}% ${series.name}`)}</title></circle>`];
  });
  const empty = series.values.every((v) => v === null) ? emptyNote(plotW, plotH) : "";
  return svg(title, [...yAxis(1, plotH, (v) => `${Math.round(v * 100)}%`), ...xAxis(days, slot), ...lines, ...dots, empty], legend([series]));
}

function frame(dayCount: number) {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  return { plotW, plotH, slot: plotW / Math.max(1, dayCount) };
}

function yAxis(max: number, plotH: number, label: (v: number) => string): string[] {
  return [0, 0.25, 0.5, 0.75, 1].flatMap((f) => {
    const y = fmt(M.top + plotH - f * plotH);
    return [
      `<line x1="${M.left}" x2="${W - M.right}" y1="${y}" y2="${y}" stroke="${f === 0 ? AXIS : GRID}" stroke-width="1"/>`,
      `<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" class="tick">${html(label(max * f))}</text>`,
    ];
  });
}

function xAxis(days: string[], slot: number): string[] {
  // Label about ten days at most, so the dates never overlap.
  const every = Math.max(1, Math.ceil(days.length / 10));
  return days.flatMap((day, i) =>
    i % every === 0 || i === days.length - 1
      ? [`<text x="${fmt(M.left + i * slot + slot / 2)}" y="${H - M.bottom + 18}" text-anchor="middle" class="tick">${html(day.slice(5))}</text>`]
      : [],
  );
}

function legend(series: { name: string; colour: string }[]): string {
  return series.map((s) => `<span class="key"><i style="background:${s.colour}"></i>${html(s.name)}</span>`).join(" ");
}

function emptyNote(plotW: number, plotH: number): string {
  return `<text x="${fmt(M.left + plotW / 2)}" y="${fmt(M.top + plotH / 2)}" text-anchor="middle" class="empty">No data in this period</text>`;
}

function svg(title: string, parts: string[], legendHtml: string): string {
  return (
    `<figure class="chart"><figcaption>${html(title)} <span class="legend">${legendHtml}</span></figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${html(title)}"><title>${html(title)}</title>${parts.join("")}</svg></figure>`
  );
}

/** An axis maximum for counts: 4 × (1, 2 or 5) × 10^k, so the four gridline steps are whole round numbers. */
export function niceMax(value: number): number {
  for (let power = 1; ; power *= 10) for (const step of [1, 2, 5]) if (value <= 4 * step * power) return 4 * step * power;
}

function fmt(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

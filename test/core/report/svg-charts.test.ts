// Chart geometry that the eye would catch: whole-number gridlines, bars only for non-zero values, gaps in
// the answer-rate line on days without questions.
import { describe, expect, it } from "vitest";
import { lineChart, niceMax, stackedBarChart } from "../../../src/core/report/svg-charts.js";

describe("niceMax", () => {
  it("rounds up to 4, 8, 20, 40, 80, 200 … so each quarter is a whole number", () => {
    expect([0, 1, 4, 5, 8, 9, 20, 21, 79, 81, 1500].map(niceMax)).toEqual([4, 4, 4, 8, 8, 20, 20, 40, 80, 200, 2000]);
  });
});

describe("stackedBarChart", () => {
  it("draws one rect per non-zero value and labels the axis with whole numbers", () => {
    const svg = stackedBarChart("Q", ["2025-06-01", "2025-06-02", "2025-06-03"], [
      { name: "a", colour: "#111111", values: [2, 0, 5] },
      { name: "b", colour: "#222222", values: [1, 0, 0] },
    ]);
    expect(svg.match(/fill="#111111"/g)).toHaveLength(2);
    expect(svg.match(/fill="#222222"/g)).toHaveLength(1);
    expect([...svg.matchAll(/class="tick">([^<]+)</g)].map((m) => m[1])).toEqual(["0", "2", "4", "6", "8", "06-01", "06-02", "06-03"]);
    expect(svg).not.toContain("No data in this period");
  });

  it("says there is no data instead of drawing empty bars", () => {
    const svg = stackedBarChart("Q", ["2025-06-01"], [{ name: "a", colour: "#111111", values: [0] }]);
    expect(svg).not.toContain("<rect");
    expect(svg).toContain("No data in this period");
  });
});

describe("lineChart", () => {
  it("breaks the line on days without a value and marks each value with a dot", () => {
    const svg = lineChart("Rate", ["d1", "d2", "d3", "d4", "d5"], { name: "r", colour: "#333333", values: [1, 0.5, null, 0, 1] });
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(4);
  });
});

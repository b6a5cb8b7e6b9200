// The report's aggregation on hand-made records: totals, per-day figures, down-voted answers with their
// sources, topics, and most- and never-cited documents.
import { describe, expect, it } from "vitest";
import { buildReport } from "../../../src/core/index.js";
import { dailyStats } from "../../../src/core/report/daily-stats.js";
import { median } from "../../../src/core/report/stats.js";
import { answerAt, sampleInput, voteOn } from "./sample-records.js";

describe("buildReport", () => {
  const report = buildReport(sampleInput());

  it("totals questions, answers, askers, votes and platforms over the window", () => {
    expect(report.totals).toEqual({
      questions: 7,
      answered: 3,
      answerRate: 3 / 7,
      // latencies 30 50 70 90 100 200 300 → median 90
      medianLatencyMs: 90,
      // u1 on discord and u1 on slack are different hashes' owners for the report: platform:hash pairs.
      askers: 6,
      up: 2,
      down: 3,
      byPlatform: { discord: 4, slack: 2, cli: 1 },
    });
    expect(report.firstDay).toBe("2025-06-01");
    expect(report.lastDay).toBe("2025-06-07");
  });

  it("has one row per day of the window, quiet days included", () => {
    expect(report.daily.map((d) => [d.day, d.questions, d.answered, d.answerRate, d.medianLatencyMs, d.up, d.down])).toEqual([
      ["2025-06-01", 2, 2, 1, 200, 1, 1],
      ["2025-06-02", 1, 0, 0, 50, 0, 1],
      ["2025-06-03", 0, 0, null, null, 0, 0],
      ["2025-06-04", 3, 0, 0, 70, 0, 0],
      ["2025-06-05", 0, 0, null, null, 0, 0],
      ["2025-06-06", 0, 0, null, null, 0, 0],
      ["2025-06-07", 1, 1, 1, 200, 1, 1],
    ]);
  });

  it("groups the unanswered questions", () => {
    expect(report.unanswered.map((g) => g.count)).toEqual([3, 1]);
    expect(report.unanswered[1]!.variants[0]!.question).toBe("Does it run on Windows ARM laptops?");
  });

  it("lists answers voted down with their sources, the most disliked first", () => {
    expect(report.downvoted.map((d) => [d.question, d.down, d.up])).toEqual([
      ["Which port does the dev server use?", 2, 0],
      ["Install fails with EACCES, what now?", 1, 1],
    ]);
    expect(report.downvoted[1]!.sources).toEqual([
      { file: "install.md", title: "Title of install.md", url: "https://docs.example.org/install.md" },
      { file: "faq.txt", title: "Title of faq.txt", url: "https://docs.example.org/faq.txt" },
    ]);
  });

  it("finds the words asked about in more than one question, bare numbers left out", () => {
    expect(report.topics).toEqual([
      { term: "lumen", word: "lumen", questions: 4 },
      { term: "upgrad", word: "upgrade", questions: 3 },
      { term: "version", word: "version", questions: 3 },
      { term: "instal", word: "install", questions: 2 },
    ]);
  });

  it("counts citations of grounded answers only, and lists indexed documents nobody cited", () => {
    expect(report.mostCited.map((d) => [d.file, d.citations])).toEqual([
      ["install.md", 2],
      ["config.mdx", 1],
      ["faq.txt", 1],
    ]);
    expect(report.neverCited).toEqual([{ file: "deploy/netlify.md", title: "Deploy to Netlify", url: "https://docs.example.org/netlify" }]);
    expect(report.indexedDocuments).toBe(4);
  });

  it("leaves the never-cited list out when there is no index", () => {
    const noIndex = buildReport({ ...sampleInput(), documents: undefined });
    expect(noIndex.neverCited).toBeNull();
    expect(noIndex.indexedDocuments).toBeNull();
  });

  it("ignores declined answers' closest documents when counting citations", () => {
    const declined = answerAt("2025-06-01T08:00:00.000Z", "Unknown?", { grounded: false, files: ["faq.txt"] });
    const r = buildReport({ ...sampleInput(), answers: [declined], votes: [] });
    expect(r.mostCited).toEqual([]);
    expect(r.neverCited?.map((d) => d.file)).toContain("faq.txt");
  });
});

describe("dailyStats", () => {
  it("counts a vote on the day it was last set and drops records outside the window", () => {
    const a = answerAt("2025-05-31T23:59:59.000Z", "Before the window?");
    const b = answerAt("2025-06-02T00:00:00.000Z", "Inside?");
    const rows = dailyStats([a, b], [voteOn(a, "down", "2025-06-02T10:00:00.000Z"), voteOn(b, "up", "2025-06-09T00:00:00.000Z")], "2025-06-01", 3);
    expect(rows.map((r) => [r.day, r.questions, r.up, r.down])).toEqual([
      ["2025-06-01", 0, 0, 0],
      ["2025-06-02", 1, 0, 1],
      ["2025-06-03", 0, 0, 0],
    ]);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

// Scoring one question and summarising many: answer and citation correctness, and abstention scoring.
import { describe, expect, it } from "vitest";
import type { EvalItem } from "../../../src/core/eval/eval-set.js";
import { scoreQuestion } from "../../../src/core/eval/score-question.js";
import { summarize } from "../../../src/core/eval/summarize.js";
import type { Citation } from "../../../src/core/types.js";

const item = (over: Partial<EvalItem>): EvalItem => ({ id: "q", question: "?", relevant: [], mustContain: [], altMap: {}, unanswerable: false, ...over });
const cite = (file: string, n = 1): Citation => ({ n, title: file, section: "", file, score: 1 });
const declined = { answer: "I couldn't find this in the knowledge base, so I won't guess.", citations: [cite("a.md")], grounded: false };

describe("scoreQuestion", () => {
  it("scores retrieval at document level from the ranked files", () => {
    const r = scoreQuestion(item({ relevant: ["b.md"] }), ["a.md", "b.md", "c.md"], { answer: "x", citations: [cite("b.md")], grounded: true });
    expect(r.retrieval).toEqual({ hit1: 0, hit3: 1, hit5: 1, mrr: 0.5, ndcg10: 1 / Math.log2(3) });
    expect(r.failures).toEqual([]);
  });

  it("lists a retrieval failure when no relevant file is in the top 5", () => {
    const r = scoreQuestion(item({ relevant: ["z.md"] }), ["a.md", "b.md"], { answer: "x", citations: [cite("z.md")], grounded: true });
    expect(r.retrieval?.hit5).toBe(0);
    expect(r.failures).toEqual(["retrieval: no relevant file in the top 5 (got a.md, b.md)"]);
  });

  it("checks every must_contain string, case-insensitively, and names the missing ones", () => {
    const it1 = item({ mustContain: ["Node 20", "npm"] });
    expect(scoreQuestion(it1, [], { answer: "Use NODE 20 with NPM [1]", citations: [], grounded: true }).answerCorrect).toBe(true);
    const miss = scoreQuestion(it1, [], { answer: "Use Node 18 with npm [1]", citations: [], grounded: true });
    expect(miss.answerCorrect).toBe(false);
    expect(miss.failures).toEqual(['answer: missing "Node 20"']);
  });

  it("counts a declined answerable question as incorrect", () => {
    const r = scoreQuestion(item({ mustContain: ["won't"] }), [], declined);
    expect(r.answerCorrect).toBe(false);
    expect(r.failures).toContain("answer: declined an answerable question");
    // The declined answer's closest documents are not judged as citations.
    expect(r.citationCorrect).toBeNull();
  });

  it("requires cited files to be a non-empty subset of the relevant ones", () => {
    const rel = item({ relevant: ["a.md", "b.md"] });
    expect(scoreQuestion(rel, [], { answer: "x", citations: [cite("a.md"), cite("a.md", 2)], grounded: true }).citationCorrect).toBe(true);
    const stray = scoreQuestion(rel, ["a.md"], { answer: "x", citations: [cite("a.md"), cite("c.md", 2)], grounded: true });
    expect(stray.citationCorrect).toBe(false);
    expect(stray.failures).toEqual(["citations: cites c.md, not listed as relevant"]);
    expect(scoreQuestion(rel, [], { answer: "x", citations: [], grounded: true }).citationCorrect).toBe(false);
  });

  it("scores abstention: declining an unanswerable question is right, answering it is a failure", () => {
    const u = item({ unanswerable: true });
    const ok = scoreQuestion(u, ["a.md"], declined);
    expect(ok).toMatchObject({ abstainedCorrectly: true, retrieval: null, answerCorrect: null, citationCorrect: null, failures: [] });
    const wrong = scoreQuestion(u, ["a.md"], { answer: "Surely [1]", citations: [cite("a.md")], grounded: true });
    expect(wrong.abstainedCorrectly).toBe(false);
    expect(wrong.failures).toEqual(["abstention: answered an unanswerable question, citing a.md"]);
    // Answerable items have no abstention verdict.
    expect(scoreQuestion(item({}), [], declined).abstainedCorrectly).toBeNull();
  });
});

describe("summarize", () => {
  it("computes each rate over the questions it applies to", () => {
    const results = [
      scoreQuestion(item({ id: "1", relevant: ["a.md"], mustContain: ["yes"] }), ["a.md"], { answer: "yes", citations: [cite("a.md")], grounded: true }),
      scoreQuestion(item({ id: "2", relevant: ["a.md"], mustContain: ["yes"] }), ["b.md", "a.md"], declined),
      scoreQuestion(item({ id: "3", unanswerable: true }), [], declined),
      scoreQuestion(item({ id: "4", unanswerable: true }), [], { answer: "no [1]", citations: [cite("b.md")], grounded: true }),
      scoreQuestion(item({ id: "5", unanswerable: true }), [], declined),
    ];
    const s = summarize(results);
    expect(s).toMatchObject({ questions: 5, answerable: 2, unanswerable: 3, failed: 2 });
    expect(s.retrieval.hit1).toEqual({ value: 0.5, count: 2 });
    expect(s.retrieval.mrr).toEqual({ value: 0.75, count: 2 });
    expect(s.answerCorrectness).toEqual({ value: 0.5, count: 2 });
    expect(s.citationCorrectness).toEqual({ value: 1, count: 1 });
    expect(s.abstentionAccuracy.count).toBe(3);
    expect(s.abstentionAccuracy.value).toBeCloseTo(2 / 3, 10);
    expect(s.answeredRate).toEqual({ value: 0.5, count: 2 });
  });
});

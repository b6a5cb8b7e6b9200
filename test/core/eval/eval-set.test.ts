// Parsing the labelled question set: defaults for optional fields, and bad lines rejected with their number.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEvalSet, parseEvalSet } from "../../../src/core/eval/eval-set.js";

const parse = (lines: string[]) => parseEvalSet(lines.join("\n"), "set.jsonl");

describe("parseEvalSet", () => {
  it("reads every field and fills in the optional ones", () => {
    const items = parse([
      '{"id": "a", "question": " How? ", "relevant": ["./docs\\\\install.md"], "must_contain": ["Node 20"]}',
      "",
      '{"question": "Who won?", "unanswerable": true}',
    ]);
    expect(items).toEqual([
      { id: "a", question: "How?", relevant: ["docs/install.md"], mustContain: ["Node 20"], altMap: {}, unanswerable: false },
      { id: "line-3", question: "Who won?", relevant: [], mustContain: [], altMap: {}, unanswerable: true },
    ]);
  });

  it("names the line of malformed JSON", () => {
    expect(() => parse(['{"question": "ok"}', '{"question": "broken"'])).toThrow(/set\.jsonl: line 2: not valid JSON/);
  });

  it("requires a non-empty question", () => {
    expect(() => parse(['{"id": "x", "relevant": ["a.md"]}'])).toThrow(/line 1: missing field "question"/);
    expect(() => parse(['{"question": "   "}'])).toThrow(/line 1: missing field "question"/);
  });

  it("rejects wrong types, unknown fields, duplicate ids and contradictory labels", () => {
    expect(() => parse(['{"question": "q", "relevant": "a.md"}'])).toThrow(/line 1: "relevant" must be a list/);
    expect(() => parse(['{"question": "q", "unanswerable": "yes"}'])).toThrow(/"unanswerable" must be true or false/);
    expect(() => parse(['{"question": "q", "mustcontain": ["x"]}'])).toThrow(/unknown field "mustcontain"/);
    expect(() => parse(['{"id": "a", "question": "q"}', '{"id": "a", "question": "r"}'])).toThrow(/line 2: id "a" is already used on line 1/);
    expect(() => parse(['{"question": "q", "unanswerable": true, "relevant": ["a.md"]}'])).toThrow(/cannot also list/);
    expect(() => parse(["[1, 2]"])).toThrow(/line 1: expected a JSON object/);
  });

  it("rejects a set without questions", () => {
    expect(() => parse(["", "  "])).toThrow(/has no questions/);
  });
});

describe("loadEvalSet", () => {
  it("reads the repository's set for knowledge/ (at least 25 questions, 6 unanswerable)", async () => {
    const items = await loadEvalSet(new URL("../../fixtures/eval/knowledge-eval.jsonl", import.meta.url).pathname);
    expect(items.length).toBeGreaterThanOrEqual(25);
    expect(items.filter((i) => i.unanswerable).length).toBeGreaterThanOrEqual(6);
  });

  it("says which file it cannot read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "docent-evalset-"));
    try {
      writeFileSync(join(dir, "bad.jsonl"), "{nope}\n");
      await expect(loadEvalSet(join(dir, "bad.jsonl"))).rejects.toThrow(/bad\.jsonl: line 1/);
      await expect(loadEvalSet(join(dir, "missing.jsonl"))).rejects.toThrow(/cannot read .*missing\.jsonl \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

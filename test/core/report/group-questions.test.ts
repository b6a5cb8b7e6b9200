// Grouping the questions the bot could not answer: similar wordings together, different ones apart, and
// the same groups whatever order the questions arrived in.
import { describe, expect, it } from "vitest";
import { groupQuestions, jaccard } from "../../../src/core/report/group-questions.js";

const at = (question: string, day = 1) => ({ question, createdAt: `2025-06-0${day}T10:00:00.000Z` });

describe("groupQuestions", () => {
  const asked = [
    at("How do I upgrade Lumen to version 3?", 1),
    at("Upgrading Lumen to version 3?", 2),
    at("how do i UPGRADE lumen to version 3", 3),
    at("Does Lumen run on Windows ARM?", 2),
    at("Windows ARM support for Lumen", 4),
    at("What is the licence of the logo?", 5),
  ];

  it("puts wordings that share most content words in one group, most asked first", () => {
    const groups = groupQuestions(asked);
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1]);
    expect(groups[0]!.variants.map((v) => [v.question, v.count])).toEqual([
      // The earliest wording stands for its case and punctuation variants.
      ["How do I upgrade Lumen to version 3?", 2],
      ["Upgrading Lumen to version 3?", 1],
    ]);
    expect(groups[0]!.lastAsked).toBe("2025-06-03T10:00:00.000Z");
    expect(groups[1]!.variants.map((v) => v.question).sort()).toEqual(["Does Lumen run on Windows ARM?", "Windows ARM support for Lumen"]);
    expect(groups[2]!.variants.map((v) => v.question)).toEqual(["What is the licence of the logo?"]);
  });

  it("labels a group with its shared words as people wrote them", () => {
    const [upgrade, windows] = groupQuestions(asked);
    expect(upgrade!.label.slice(0, 3).sort()).toEqual(["3", "lumen", "upgrade"].sort());
    expect(windows!.label).toEqual(expect.arrayContaining(["windows", "arm", "lumen"]));
  });

  it("merges wordings that differ only in case and punctuation into one variant", () => {
    const groups = groupQuestions([at("How to install?"), at("how to INSTALL"), at("How to install!!")]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.variants).toHaveLength(1);
    expect(groups[0]!.variants[0]!.count).toBe(3);
  });

  it("does not group questions that only share a common word", () => {
    const groups = groupQuestions([at("How do I configure the Lumen theme colours?"), at("Lumen crashes on startup with a segfault")]);
    expect(groups).toHaveLength(2);
  });

  it("gives the same groups for any arrival order", () => {
    const forward = groupQuestions(asked);
    const backward = groupQuestions([...asked].reverse());
    const rotated = groupQuestions([...asked.slice(3), ...asked.slice(0, 3)]);
    expect(backward).toEqual(forward);
    expect(rotated).toEqual(forward);
  });

  it("returns nothing for nothing", () => {
    expect(groupQuestions([])).toEqual([]);
  });
});

describe("jaccard", () => {
  it("is shared terms over all terms, and 0 for an empty set", () => {
    expect(jaccard(new Set(["a", "b", "c"]), new Set(["b", "c", "d"]))).toBe(0.5);
    expect(jaccard(new Set(["a"]), new Set())).toBe(0);
  });
});

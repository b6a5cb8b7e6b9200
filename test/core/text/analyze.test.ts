import { describe, expect, it } from "vitest";
import { contentTerms, contentWords, distinctTerms, words } from "../../../src/core/text/analyze.js";
import { STOP_WORDS } from "../../../src/core/text/stop-words.js";

describe("words", () => {
  it("lower-cases and splits at spaces and punctuation, keeping order and duplicates", () => {
    expect(words("Install Lumen, then INSTALL the theme!")).toEqual(["install", "lumen", "then", "install", "the", "theme"]);
  });

  it("keeps apostrophes and dots inside a word and normalises curly apostrophes", () => {
    expect(words("Don’t use Node.js v8.8")).toEqual(["don't", "use", "node.js", "v8.8"]);
  });

  it("keeps letters and digits of any script, with accents folded as FTS5's remove_diacritics does", () => {
    expect(words("Café 2025 naïve — über")).toEqual(["cafe", "2025", "naive", "uber"]);
    expect(words("Zürich São Paulo Ørsted Москва")).toEqual(["zurich", "sao", "paulo", "ørsted", "москва"]);
  });

  it("folds accents so that a question and the index agree on the term", () => {
    expect(contentTerms("When is the Zürich meetup?")).toEqual(contentTerms("When is the Zurich meetup?"));
  });

  it("does not keep a trailing dot or a leading apostrophe", () => {
    expect(words("'quoted' end.")).toEqual(["quoted", "end"]);
  });

  it("returns nothing for text without words", () => {
    expect(words("  ?! -- ")).toEqual([]);
  });
});

describe("contentWords", () => {
  it("drops stop words, including question filler", () => {
    expect(contentWords("How do I deploy the site to Netlify?")).toEqual(["deploy", "site", "netlify"]);
    expect(contentWords("Can you tell me about themes please")).toEqual(["themes"]);
    expect(STOP_WORDS.has("the")).toBe(true);
    expect(STOP_WORDS.has("deploy")).toBe(false);
  });

  it("drops stop words regardless of case", () => {
    expect(contentWords("THE Theme")).toEqual(["theme"]);
  });

  it("drops contractions that are stop words as a whole", () => {
    expect(contentWords("it's what's don't")).toEqual([]);
  });

  it("splits at apostrophes and dots like FTS5's unicode61 tokenizer", () => {
    expect(contentWords("node.js")).toEqual(["node", "js"]);
    expect(contentWords("v8.8")).toEqual(["v8", "8"]);
    // The "s" of a possessive is no content word.
    expect(contentWords("Lumen's config")).toEqual(["lumen", "config"]);
    expect(contentWords("O’Reilly")).toEqual(["reilly"]);
  });

  it("drops lone letters, which are no topic in chat, but keeps lone digits", () => {
    expect(contentWords("random q: what does the L in FLOSS stand for")).toEqual(["random", "floss", "stand"]);
    expect(contentWords("can u merge v2")).toEqual(["merge", "v2"]);
    expect(contentWords("node 8 or 9")).toEqual(["node", "8", "9"]);
  });

  it("drops stop-word parts produced by splitting", () => {
    expect(contentWords("the.theme")).toEqual(["theme"]);
  });

  it("keeps duplicates and order", () => {
    expect(contentWords("theme port theme")).toEqual(["theme", "port", "theme"]);
  });

  it("returns nothing for only stop words", () => {
    expect(contentWords("what is it and how")).toEqual([]);
  });
});

describe("contentTerms", () => {
  it("Porter-stems content words so inflections share a stem", () => {
    const [contributing, contributes, contributed] = contentTerms("contributing contributes contributed");
    expect(contributing).toBe(contributes);
    expect(contributes).toBe(contributed);
    expect(contributing).toBe("contribut");
  });

  it("stems plurals and -ing forms", () => {
    expect(contentTerms("themes running deployments")).toEqual(["theme", "run", "deploy"]);
  });

  it("keeps duplicates and drops stop words before stemming", () => {
    expect(contentTerms("The themes and the theme")).toEqual(["theme", "theme"]);
  });

  it("works on the parts split at dots", () => {
    expect(contentTerms("Node.js")).toEqual(["node", "js"]);
  });
});

describe("distinctTerms", () => {
  it("removes duplicate stems, keeping first-occurrence order", () => {
    expect(distinctTerms("Running themes: run the theme, contributes, contributing")).toEqual(["run", "theme", "contribut"]);
  });

  it("returns nothing for text of stop words", () => {
    expect(distinctTerms("and the of")).toEqual([]);
  });
});

import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toFtsQuery } from "../../../src/core/retrieve/keyword-query.js";

describe("toFtsQuery", () => {
  it("drops stop words and quotes each remaining word, joined with OR", () => {
    expect(toFtsQuery("How do I deploy the site to Netlify?")).toBe('"deploy" OR "site" OR "netlify"');
  });

  it("lower-cases and removes duplicate words, keeping first-occurrence order", () => {
    expect(toFtsQuery("Deploy deploy DEPLOY the theme, then deploy")).toBe('"deploy" OR "theme"');
  });

  it("returns an empty string when every word is a stop word", () => {
    expect(toFtsQuery("what is it and how does that work for me?")).toBe('"work"');
    expect(toFtsQuery("the and of")).toBe("");
    expect(toFtsQuery("?!*")).toBe("");
  });

  it("splits at dots like FTS5 does", () => {
    expect(toFtsQuery("node.js")).toBe('"node" OR "js"');
  });

  it.each([
    ['how do I "quote" things*', '"quote"'],
    ["NEAR(theme port) AND build", '"near" OR "theme" OR "port" OR "build"'],
    ["theme -port", '"theme" OR "port"'],
    ["title:theme", '"title" OR "theme"'],
    ["theme NOT port OR build", '"theme" OR "port" OR "build"'],
    ["^theme + {port}", '"theme" OR "port"'],
  ])("neutralises FTS5 syntax in %j", (question, expected) => {
    expect(toFtsQuery(question)).toBe(expected);
  });
});

describe("toFtsQuery against a real FTS5 table", () => {
  let db: Database.Database;

  beforeAll(() => {
    db = new Database(":memory:");
    db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')");
    const insert = db.prepare("INSERT INTO t (rowid, x) VALUES (?, ?)");
    insert.run(1, "Set the theme key in lumen.config.yaml");
    insert.run(2, "The development server listens on port 4321");
    insert.run(3, "Everyone who contributes follows the code of conduct");
    insert.run(4, "Node.js 20 or newer is required");
    insert.run(5, "Add a title and a NEAR marker to the page");
  });

  afterAll(() => db.close());

  const match = (query: string) =>
    (db.prepare("SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY rowid").all(query) as { id: number }[]).map((r) => r.id);

  it.each([
    ['what is the "theme key?', 1],
    ["theme*", 1],
    ["NEAR(theme", 1],
    ["NEAR(port, 4321)", 2],
    ["port AND", 2],
    ["AND port", 2],
    ["OR port", 2],
    ["-port", 2],
    ["x:theme", 1],
    ["x : theme", 1],
    ["theme^", 1],
    ["(server", 2],
    ["server)", 2],
    ["{port}", 2],
    ["port\u0000", 2],
    ['"""port', 2],
  ])("matches %j without an FTS5 syntax error and finds the row with the word", (question, row) => {
    const query = toFtsQuery(question);
    expect(query).not.toBe("");
    expect(() => match(query)).not.toThrow();
    expect(match(query)).toContain(row);
  });

  it("shows the raw text would have been FTS5 syntax (the test table is a real FTS5 table)", () => {
    expect(() => match('what is the "theme key?')).toThrow();
    expect(() => match("NEAR(theme")).toThrow();
    expect(() => match("-port")).toThrow();
  });

  it("matches across porter stems: 'contributing' finds 'contributes'", () => {
    expect(match(toFtsQuery("Who is contributing?"))).toEqual([3]);
  });

  it("finds 'node.js' in 'Node.js' text split the same way", () => {
    expect(match(toFtsQuery("Which node.js version?"))).toEqual(expect.arrayContaining([4]));
  });

  it("ORs the words: a row needs only one of them", () => {
    expect(match(toFtsQuery("theme port"))).toEqual([1, 2]);
  });

  it("treats an upper-case NEAR or AND in the question as plain words", () => {
    expect(match(toFtsQuery("NEAR"))).toEqual([5]);
  });
});

describe("toFtsQuery with a common-word test", () => {
  it("leaves out words whose stem is too common, unless every word is", () => {
    const tooCommon = (stem: string) => stem === "releas" || stem === "plugin";
    expect(toFtsQuery("Which plugins ship with the release of Lumen?", { tooCommon })).toBe('"ship" OR "lumen"');
    expect(toFtsQuery("plugins release", { tooCommon })).toBe('"plugins" OR "release"');
  });

  it("never keeps only words the index lacks: the common ones stay when the rare ones are unknown", () => {
    // "What is open source worth to AI?": "worth" and "ai" are in no chunk, "open" and "source" in most.
    const tooCommon = (stem: string) => stem === "open" || stem === "sourc";
    const inIndex = (stem: string) => stem === "open" || stem === "sourc";
    expect(toFtsQuery("What is open source worth to AI?", { tooCommon, inIndex })).toBe('"open" OR "source"');
  });

  it("scores at most the postings budget, rarest words first, and always the rarest selective word", () => {
    const postings = (stem: string) => ({ pelto: 14_000, mivi: 10_000, ren: 9_000, zu: 500 })[stem] ?? 0;
    const inIndex = (stem: string) => stem !== "work";
    expect(toFtsQuery("how does zu pelto mivi ren work", { inIndex, postings, budget: 12_000 })).toBe('"zu" OR "ren"');
    expect(toFtsQuery("how does pelto work", { inIndex, postings, budget: 12_000 })).toBe('"pelto"');
  });

  it("when every known word is too common and over the budget, matches nothing rather than most of the index", () => {
    const tooCommon = () => true;
    const inIndex = (stem: string) => stem !== "work";
    const postings = () => 90_000;
    expect(toFtsQuery("how does mi lo work", { tooCommon, inIndex, postings, budget: 12_000 })).toBe("");
    // A small knowledge base: the common words are cheap, so they stay.
    expect(toFtsQuery("how does mi lo work", { tooCommon, inIndex, postings: () => 200, budget: 12_000 })).toBe('"mi" OR "lo"');
  });

  it("adds alternates' phrases once, quoted as FTS5 phrases", () => {
    expect(toFtsQuery("How do I open a PR?", { phrases: ["pull request", "pull request", 'code "of" conduct'] })).toBe('"open" OR "pr" OR "pull request" OR "code of conduct"');
  });
});

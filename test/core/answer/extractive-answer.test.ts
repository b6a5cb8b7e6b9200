// The offline extractive answerer, through the real code path: Markdown documents are written to a temporary
// knowledge folder, indexed with the offline (hashing) embedder and asked through the real core, whose
// answerer is extractiveAnswer itself (wrapped only to record the retrieval it was given). Where the unit
// must see raw text the chunker would already have cleaned (source footnote markers, an over-long code
// block), passages are built by hand and the query terms come from the same analysis the index uses.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { NOT_COVERED } from "../../../src/core/answer/answer-texts.js";
import type { AnswerInput, Answerer } from "../../../src/core/answer/answerer.js";
import { condenseQuestion } from "../../../src/core/answer/condense-question.js";
import { extractiveAnswer, type DraftAnswer, type ExtractiveOptions } from "../../../src/core/answer/extractive-answer.js";
import { createEmbedder, ingestKnowledge, openDocent, type Docent } from "../../../src/core/index.js";
import type { QueryTerms, RetrievedPassage } from "../../../src/core/retrieve/retrieve.js";
import { coverage } from "../../../src/core/retrieve/retrieve.js";
import { distinctTerms } from "../../../src/core/text/analyze.js";

// The defaults of ANSWER_MAX_CHARS and RELEVANCE_FLOOR.
const OPTIONS: ExtractiveOptions = { maxChars: 600, relevanceFloor: 0.5 };

interface Corpus {
  /** Asks through the real core (retrieval + extractiveAnswer). */
  ask(question: string): Promise<DraftAnswer>;
  /** What retrieval handed the answerer for the last question. */
  last(): AnswerInput;
  close(): Promise<void>;
}

async function openCorpus(docs: Record<string, string>): Promise<Corpus> {
  const root = await mkdtemp(join(tmpdir(), "docent-extractive-"));
  const knowledgeDir = join(root, "knowledge");
  for (const [file, text] of Object.entries(docs)) {
    await mkdir(dirname(join(knowledgeDir, file)), { recursive: true });
    await writeFile(join(knowledgeDir, file), text);
  }
  const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data") }, { knowledgeDir, indexDir: join(root, "index") });
  const embedder = await createEmbedder(config.embeddings);
  await ingestKnowledge(config, embedder);
  let input: AnswerInput | undefined;
  const answerer: Answerer = {
    id: "extractive",
    condense: async (question, history) => condenseQuestion(question, history),
    answer: async (i) => {
      input = i;
      return extractiveAnswer(i.question, i.query, i.passages, OPTIONS);
    },
  };
  const docent: Docent = await openDocent(config, { embedder, answerer });
  return {
    ask: async (question) => {
      const { timings: _timings, ...draft } = await docent.ask(question);
      return draft;
    },
    last: () => input!,
    async close() {
      await docent.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Query terms as retrieval weighs them when every term is equally rare (idf 1, in one chunk). */
function termsOf(question: string): QueryTerms {
  const terms = distinctTerms(question).map((term) => ({ term, idf: 1, df: 1 }));
  return { terms, totalIdf: terms.length, chunks: 10, alternates: [], unknownNames: [] };
}

function passage(text: string, query: QueryTerms, extra: Partial<RetrievedPassage["chunk"]> = {}): RetrievedPassage {
  const chunk = { label: 1, file: "project.md", position: 0, title: "Project", section: "About", url: undefined, text, ...extra };
  return { chunk, score: 1, coverage: coverage(query, `${chunk.title} ${chunk.section} ${chunk.text}`) };
}

function expectDeclined(draft: DraftAnswer): void {
  expect(draft.grounded).toBe(false);
  expect(draft.answer.startsWith(NOT_COVERED)).toBe(true);
}

function expectAnswered(draft: DraftAnswer): void {
  expect(draft.grounded, draft.answer).toBe(true);
  expect(draft.answer).not.toContain(NOT_COVERED);
  expect(draft.citations.length).toBeGreaterThan(0);
}

/** Citation markers "[n]" in an answer. */
function markers(answer: string): string[] {
  return answer.match(/\[\^?[\w-]+\]/g) ?? [];
}

// Documents that have nothing to do with the questions, so that term weights are those of a real, if small,
// knowledge base and retrieval has other documents to choose from.
const FILLER: Record<string, string> = {
  "themes.md": "# Themes\n\nLumen ships with a light and a dark theme. A theme is a folder of templates and styles.\n\nSet the theme in lumen.config.js with the theme option.\n",
  "deploy.md": "# Deploying\n\n## Netlify\n\nSet the build command to lumen build and the publish directory to dist.\n\n## GitHub Pages\n\nPush the dist folder to the gh-pages branch.\n",
  "formats.md": "# Formats\n\nLumen reads Markdown and MDX files. Front matter in YAML sets the title and the date of a page.\n",
  "faq.md": "# FAQ\n\n## Is Lumen free?\n\nYes, Lumen is open source under the MIT licence.\n\n## Does it work offline?\n\nThe development server works without a network connection.\n",
};

describe("extractiveAnswer through the real core", () => {
  let main: Corpus;

  beforeAll(async () => {
    main = await openCorpus({
      ...FILLER,
      "contributing.md":
        "# Contributing\n\n## Pull requests\n\nWhat a pull request must include:\n\n" +
        "- A short description of the change and why it is needed.\n" +
        "- Tests that cover the new behaviour.\n" +
        "- An entry in the changelog under Unreleased.\n" +
        "- A link to the issue it fixes.\n\n" +
        "## Reviews\n\nA maintainer reviews every pull request within a few days.\n",
      "releasing.md":
        "# Releasing\n\n## Cutting a release\n\nFollow these steps to cut a release:\n\n" +
        "1. Update the version number in package.json.\n" +
        "2. Tag the release commit with the version number.\n" +
        "3. Push the tag to GitHub and publish the package to npm.\n",
      "community.md":
        "# Community\n\n## Maintainers\n\nThe project is maintained by a group of volunteers from several companies. " +
        "They review changes and triage issues on the tracker.\n\n" +
        "## How Lumen was founded\n\nAda Lovelace and Grace Hopper maintain Lumen today.\n",
      "events.md":
        "# Events\n\n## Summit\n\nThe 2024 summit took place in Zürich, Switzerland.\n\n## Meetups\n\nThe meetup is in Zürich on 3 May.\n",
      "requirements.md": "# Requirements\n\nYou need Node 20 and npm 11 to install the tool.\n",
      "install.md": "# Installation\n\n## Installing the CLI\n\nInstall it with:\n\n```sh\nnpm install -g lumen-cli\nlumen --version\n```\n\nThen create a site with lumen new.\n",
    });
  });

  afterAll(async () => {
    await main?.close();
  });

  it("answers 'what should my PR include?' with the list and its lead-in, one item a line, one citation", async () => {
    const draft = await main.ask("what should my PR include?");
    expectAnswered(draft);
    const lines = draft.answer.split("\n");
    expect(lines[0]).toContain("What a pull request must include:");
    const items = ["A short description of the change", "Tests that cover the new behaviour.", "An entry in the changelog", "A link to the issue it fixes."];
    const itemLines = items.filter((item) => lines.some((line) => /^\s*[-*+•]\s/.test(line) && line.includes(item)));
    expect(itemLines.length).toBeGreaterThanOrEqual(3);
    // Every item on a line of its own: no line carries two of them.
    for (const line of lines) expect(items.filter((item) => line.includes(item)).length).toBeLessThanOrEqual(1);
    expect(markers(draft.answer)).toEqual(["[1]"]);
    expect(draft.citations).toHaveLength(1);
    expect(draft.citations[0]!.file).toBe("contributing.md");
  });

  it("answers 'what are the steps to cut a release?' with the numbered steps, numbers and text kept", async () => {
    const draft = await main.ask("what are the steps to cut a release?");
    expectAnswered(draft);
    expect(draft.citations[0]!.file).toBe("releasing.md");
    const lines = draft.answer.split("\n");
    expect(lines).toContain("1. Update the version number in package.json.");
    expect(lines).toContain("2. Tag the release commit with the version number.");
    expect(lines).toContain("3. Push the tag to GitHub and publish the package to npm.");
    // No step is reduced to its bare number.
    for (const line of lines) expect(line).not.toMatch(/^\s*\d+[.)]\s*$/);
  });

  it("declines 'how many maintainers are there?' when the documents name maintainers but no number", async () => {
    const draft = await main.ask("how many maintainers are there?");
    expectDeclined(draft);
    // The retrieval found the maintainers' section: the decline is about the missing number, not the topic.
    expect(main.last().passages[0]!.chunk.file).toBe("community.md");
    expect(main.last().passages[0]!.coverage).toBeGreaterThanOrEqual(OPTIONS.relevanceFloor);
  });

  it("declines 'who founded Lumen?' when a sentence names people near Lumen but does not say they founded it", async () => {
    const draft = await main.ask("who founded Lumen?");
    expectDeclined(draft);
    // The passage naming them covers the question well enough; what it lacks is the verb.
    const named = main.last().passages.find((p) => p.chunk.text.includes("Ada Lovelace"));
    expect(named?.coverage).toBeGreaterThanOrEqual(OPTIONS.relevanceFloor);
  });

  it("answers 'Where was the summit held?' from 'took place in' (paraphrase)", async () => {
    const draft = await main.ask("Where was the summit held?");
    expectAnswered(draft);
    expect(draft.answer).toContain("The 2024 summit took place in Zürich, Switzerland.");
    expect(draft.citations[0]!.file).toBe("events.md");
  });

  it("answers 'Which Node version do I need?' from 'You need Node 20 and npm 11…'", async () => {
    const draft = await main.ask("Which Node version do I need?");
    expectAnswered(draft);
    expect(draft.answer).toContain("You need Node 20 and npm 11 to install the tool.");
    expect(draft.citations[0]!.file).toBe("requirements.md");
  });

  it("answers a question that says 'PR' from a document that says 'pull request'", async () => {
    const draft = await main.ask("How long does PR review take?");
    expectAnswered(draft);
    expect(draft.answer).toContain("A maintainer reviews every pull request within a few days.");
    expect(draft.citations[0]!.file).toBe("contributing.md");
  });

  it("folds accents: 'Zürich' and 'Zurich' get the same answer", async () => {
    const withAccent = await main.ask("When is the Zürich meetup?");
    const without = await main.ask("When is the Zurich meetup?");
    expectAnswered(withAccent);
    expect(withAccent.answer).toContain("The meetup is in Zürich on 3 May.");
    expect(without).toEqual(withAccent);
  });

  it("quotes a code block whole after its lead-in, with balanced fences and the citation after the closing fence", async () => {
    const draft = await main.ask("How do I install the Lumen CLI?");
    expectAnswered(draft);
    expect(draft.answer).toContain("Install it with:");
    expect(draft.answer).toContain("```sh\nnpm install -g lumen-cli\nlumen --version\n```");
    const fences = draft.answer.split("\n").filter((line) => line.startsWith("```"));
    expect(fences.length % 2).toBe(0);
    const closing = draft.answer.lastIndexOf("```");
    const citation = draft.answer.indexOf("[1]");
    expect(citation).toBeGreaterThan(closing);
  });

  it("declines a question about something the documents never mention, naming the closest documents", async () => {
    const draft = await main.ask("does it support AsciiDoc?");
    expectDeclined(draft);
    expect(draft.citations.length).toBeGreaterThan(0);
    // The citations are the closest documents retrieval found, each named once, in retrieval order.
    const files = [...new Set(main.last().passages.map((p) => p.chunk.file))].slice(0, 3);
    expect(draft.citations.map((c) => c.file)).toEqual(files);
    for (const c of draft.citations) expect(draft.answer).toContain(`“${c.title}”`);
  });

  it("does not let chat filler ('kinda', 'random trivia q:') turn an answerable question into a decline", async () => {
    const plain = await main.ask("Which Node version do I need?");
    expectAnswered(plain);
    for (const question of ["kinda wondering which Node version do I need?", "random trivia q: which Node version do I need?"]) {
      const draft = await main.ask(question);
      expect(draft.grounded, question).toBe(true);
      expect(draft.answer, question).toBe(plain.answer);
    }
  });
});

describe("extractiveAnswer declines a near miss of the asked-for kind of fact", () => {
  it("declines 'how often do releases ship?' when the documents say only 'regularly'", async () => {
    const corpus = await openCorpus({ ...FILLER, "releases.md": "# Releases\n\nReleases ship regularly, and the team announces them on the forum.\n" });
    try {
      const draft = await corpus.ask("how often do releases ship?");
      expectDeclined(draft);
      // The sentence is about the question's topic (enough coverage); it lacks only a frequency.
      expect(corpus.last().passages[0]!.chunk.file).toBe("releases.md");
      expect(corpus.last().passages[0]!.coverage).toBeGreaterThanOrEqual(OPTIONS.relevanceFloor);
    } finally {
      await corpus.close();
    }
  });

  it("answers 'how often' and 'on which day' when the documents say 'every six weeks on a Tuesday'", async () => {
    const corpus = await openCorpus({ ...FILLER, "releases.md": "# Releases\n\nReleases ship every six weeks on a Tuesday.\n" });
    try {
      const often = await corpus.ask("how often do releases ship?");
      expectAnswered(often);
      expect(often.answer).toContain("Releases ship every six weeks on a Tuesday.");
      const day = await corpus.ask("on which day do releases ship?");
      expectAnswered(day);
      expect(day.answer).toContain("Tuesday");
      expect(day.citations[0]!.file).toBe("releases.md");
    } finally {
      await corpus.close();
    }
  });
});

describe("extractiveAnswer and source footnotes, end to end", () => {
  it("answers from a document with footnote markers without quoting them", async () => {
    const corpus = await openCorpus({
      ...FILLER,
      "history.md": "# History\n\nThe project was founded in 2019.[3] It now has 40 maintainers.[^2]\n\n[^2]: Counted in March 2024.\n",
    });
    try {
      const draft = await corpus.ask("When was the project founded?");
      expectAnswered(draft);
      expect(draft.answer).toContain("founded in 2019.");
      expect(draft.answer).not.toContain("[3]");
      expect(draft.answer).not.toContain("[^2]");
      expect(markers(draft.answer)).toEqual(["[1]"]);
    } finally {
      await corpus.close();
    }
  });
});

describe("extractiveAnswer on raw passages", () => {
  it("removes the source's footnote markers, keeping only Docent's citation", () => {
    const question = "When was the project founded and how many maintainers does it have?";
    const query = termsOf(question);
    const draft = extractiveAnswer(question, query, [passage("The project was founded in 2019.[3] It now has 40 maintainers.[^2]", query)], OPTIONS);
    expectAnswered(draft);
    expect(draft.answer).toContain("founded in 2019.");
    expect(draft.answer).toContain("40 maintainers.");
    expect(draft.answer).not.toContain("[3]");
    expect(draft.answer).not.toContain("[^2]");
    expect(markers(draft.answer)).toEqual(["[1]"]);
  });

  it("cuts a code block longer than maxChars at a line boundary, closes its fence and cites after it", () => {
    const question = "How do I install the Lumen plugins?";
    const query = termsOf(question);
    const lines = Array.from({ length: 40 }, (_, i) => `npm install lumen-plugin-number-${i + 1}`);
    const text = `Install the Lumen plugins with:\n\n\`\`\`sh\n${lines.join("\n")}\n\`\`\``;
    const maxChars = 300;
    const draft = extractiveAnswer(question, query, [passage(text, query)], { ...OPTIONS, maxChars });
    expectAnswered(draft);
    expect(draft.answer.length).toBeLessThanOrEqual(maxChars);
    const answerLines = draft.answer.split("\n");
    const open = answerLines.indexOf("```sh");
    expect(open).toBeGreaterThanOrEqual(0);
    const close = answerLines.indexOf("```", open + 1);
    expect(close).toBeGreaterThan(open + 1);
    // Inside the fence: whole lines of the original block, then the ellipsis that marks the cut.
    const inside = answerLines.slice(open + 1, close);
    expect(inside.at(-1)).toBe("…");
    expect(inside.length).toBeGreaterThan(1);
    for (const line of inside.slice(0, -1)) expect(lines).toContain(line);
    // The citation comes after the closing fence, on the rest of the answer.
    expect(answerLines.slice(close + 1).join("\n")).toContain("[1]");
    expect(answerLines.slice(0, close).join("\n")).not.toContain("[1]");
  });
});

describe("extractiveAnswer: abbreviations, preambles, relative times, names", () => {
  let corpus: Corpus;
  beforeAll(async () => {
    corpus = await openCorpus({
      ...FILLER,
      "glossary.md":
        "# Glossary\n\n## Free software\n\nYou may also see these terms combined as \"free, libre, and open source software\" (FLOSS).\n\n" +
        "## Funding\n\nThe FLOSS/fund gives grants to projects.\n\n## Reviews\n\nThe LGTM comment on a pull request is read by the merge bot.\n",
      "get-it.md":
        "# Getting the tool\n\n## Supported systems\n\n- Windows 10 and Windows 11 on x86-64\n- macOS 13 or newer\n\n## Installing\n\n" +
        "On macOS and Linux the quickest route is Homebrew:\n\n```sh\nbrew install lumen\n```\n\nOn Windows, use Scoop:\n\n```powershell\nscoop install lumen\n```\n",
      "triage.md": "# Triage\n\n## Stale pull requests\n\nA pull request with no activity for 30 days gets the stale label, and it is closed 14 days later.\n",
      "team.md":
        "# Team\n\n## Security\n\nVulnerabilities are rated with CVSS.[1]\n\n## Conduct committee\n\nReports are handled by the conduct committee, whose three members are:\n\n" +
        "- Sofia Lindqvist\n- Daniel Mensah\n- Yuki Tanaka\n\n## Notes\n\n[1] CVSS is the Common Vulnerability Scoring System, maintained by the Forum of Incident Response and Security Teams.\n",
    });
  });
  afterAll(async () => {
    await corpus?.close();
  });

  it("answers 'what does the L in FLOSS stand for?' with the sentence that spells the long form", async () => {
    const draft = await corpus.ask("what does the L in FLOSS stand for?");
    expectAnswered(draft);
    expect(draft.answer).toContain("free, libre, and open source software");
    expect(draft.answer).not.toContain("FLOSS/fund");
  });

  it("declines 'what does LGTM stand for?' when no sentence spells the long form", async () => {
    expectDeclined(await corpus.ask("what does LGTM stand for?"));
  });

  it("answers 'when does it get closed?' from a time relative to an event ('14 days later')", async () => {
    const draft = await corpus.ask("my pull request has no activity, when does it get closed?");
    expectAnswered(draft);
    expect(draft.answer).toContain("14 days later");
  });

  it("answers 'who's on the committee?' with the names listed after the lead-in", async () => {
    const draft = await corpus.ask("who's on the conduct committee?");
    expectAnswered(draft);
    for (const name of ["Sofia Lindqvist", "Daniel Mensah", "Yuki Tanaka"]) expect(draft.answer).toContain(name);
  });

  it("does not take an organisation's name for a person, nor quote a footnote's own marker", async () => {
    const draft = await corpus.ask("who is on the incident response and security teams?");
    expectDeclined(draft);
    const cvss = await corpus.ask("what is CVSS maintained by?");
    if (cvss.grounded) expect(cvss.answer).not.toMatch(/^\[1\]|\s\[1\] CVSS/);
  });

  it("answers 'how do I get it on Windows?' with the instruction and its code, not the list of systems", async () => {
    const draft = await corpus.ask("how do i get lumen on windows?");
    expectAnswered(draft);
    expect(draft.answer).toContain("scoop install lumen");
    expect(draft.answer).not.toContain("Windows 10 and Windows 11");
  });

  it("answers the same with a chat preamble or a reference to the docs as without", async () => {
    const plain = await corpus.ask("when does a stale pull request get closed?");
    expectAnswered(plain);
    for (const question of ["quick question: when does a stale pull request get closed?", "when does a stale pull request get closed, according to the docs?"]) {
      const draft = await corpus.ask(question);
      expect(draft.answer, question).toBe(plain.answer);
    }
  });
});

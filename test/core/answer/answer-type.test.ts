import { describe, expect, it } from "vitest";
import { analyzeQuestion, answerTypeOf, expandsAcronym, hasAnswerShape } from "../../../src/core/answer/answer-type.js";

describe("answerTypeOf", () => {
  it.each([
    ["How many maintainers does Lumen have?", "number"],
    ["How much disk space is needed?", "number"],
    ["How often is a release published?", "frequency"],
    ["How long does a review take?", "duration"],
    ["On which day do releases ship?", "time"],
    ["Which Node version do I need?", "number"],
    ["How much does a ticket cost?", "money"],
    ["What's the email for the security team?", "contact"],
    ["What date does 3.5 ship?", "date"],
    ["What percentage of users deploy to Netlify?", "number"],
    ["Who maintains Lumen?", "person"],
    ["Whose idea was the theme system?", "person"],
    ["When is the maintenance window?", "time"],
    ["What year was Lumen first released?", "time"],
    ["Why does the install fail with EACCES?", "reason"],
    ["What reasons are there to pin the Node version?", "reason"],
    ["Where do I report a bug?", "place"],
    ["How do I install Lumen?", "procedure"],
    ["What is the default theme?", "other"],
  ] as const)("%s → %s", (question, type) => {
    expect(answerTypeOf(question)).toBe(type);
  });

  it("is case-insensitive", () => {
    expect(answerTypeOf("HOW MANY PEOPLE?")).toBe("number");
    expect(answerTypeOf("WHO?")).toBe("person");
  });

  it("matches whole words only ('whoever', 'somewhere' are not questions words)", () => {
    expect(answerTypeOf("Can whoever installs it configure it?")).toBe("other");
    expect(answerTypeOf("Is the config stored somewhere special?")).toBe("other");
  });
});

describe("analyzeQuestion", () => {
  it("asks for a list when the question wants several things or steps", () => {
    for (const q of ["what should my PR include?", "what are the steps to cut a release?", "which repos are good examples?", "what kinda stuff goes in a README?"])
      expect(analyzeQuestion(q).list, q).toBe(true);
    for (const q of ["how do I install it?", "what is the default port?", "who maintains it?"]) expect(analyzeQuestion(q).list, q).toBe(false);
  });

  it("is strict about names only when it asks who did something", () => {
    expect(analyzeQuestion("Who wrote the release notes?")).toMatchObject({ type: "person", strict: true, predicate: "wrote" });
    expect(analyzeQuestion("who should get write access?")).toMatchObject({ type: "person", strict: false });
  });

  it("is not strict inside a yes/no question", () => {
    expect(analyzeQuestion("can I see how many times people clone my repo?").strict).toBe(false);
    expect(analyzeQuestion("how many times is it cloned?").strict).toBe(true);
  });

  it("names the words an answer of the right shape stands for, and further strict kinds", () => {
    expect(analyzeQuestion("Which Node version do I need?").typeWords).toEqual(["version"]);
    expect(analyzeQuestion("How often do releases ship?").typeWords).toEqual(["often"]);
    expect(analyzeQuestion("who wrote it and when did it come out?").alsoStrict).toEqual(["time"]);
  });
});

describe("hasAnswerShape", () => {
  it("frequency, duration, money, date and contact", () => {
    expect(hasAnswerShape("frequency", "Releases ship every six weeks.")).toBe(true);
    expect(hasAnswerShape("frequency", "Releases ship when ready.")).toBe(false);
    expect(hasAnswerShape("duration", "Reviews take about 3 business days.")).toBe(true);
    expect(hasAnswerShape("duration", "Members joined at three per day.")).toBe(true);
    expect(hasAnswerShape("money", "A ticket costs $40.")).toBe(true);
    expect(hasAnswerShape("money", "Tickets are sold at the door.")).toBe(false);
    expect(hasAnswerShape("date", "It ships on 12 May.")).toBe(true);
    expect(hasAnswerShape("date", "It ships on a Tuesday.")).toBe(false);
    expect(hasAnswerShape("contact", "Write to conduct@tessera.example.org.")).toBe(true);
    expect(hasAnswerShape("contact", "Write to the committee.")).toBe(false);
  });

  it("person: not a capitalised sentence opener such as 'The Contributor Covenant'", () => {
    expect(hasAnswerShape("person", "The Contributor Covenant is used widely.")).toBe(false);
  });

  it("number: digits or number words", () => {
    expect(hasAnswerShape("number", "Lumen is maintained by 3 core maintainers.")).toBe(true);
    expect(hasAnswerShape("number", "About forty contributors help, plus a dozen reviewers.")).toBe(true);
    expect(hasAnswerShape("number", "Lumen is maintained by volunteers.")).toBe(false);
  });

  it("person: two capitalised words in a row", () => {
    expect(hasAnswerShape("person", "The project was started by Ada Lovelace.")).toBe(true);
    expect(hasAnswerShape("person", "the project was started by volunteers.")).toBe(false);
  });

  it("time: years, month-day dates and weekdays", () => {
    expect(hasAnswerShape("time", "Lumen 1.0 shipped in 2021.")).toBe(true);
    expect(hasAnswerShape("time", "It shipped on Feb. 24.")).toBe(true);
    expect(hasAnswerShape("time", "The mirror goes offline every Tuesday.")).toBe(true);
    expect(hasAnswerShape("time", "The mirror goes offline for maintenance.")).toBe(false);
  });

  it("reason: because, due to, so that", () => {
    expect(hasAnswerShape("reason", "It fails because npm cannot write to the folder.")).toBe(true);
    expect(hasAnswerShape("reason", "The build failed due to a missing key.")).toBe(true);
    expect(hasAnswerShape("reason", "Pin the version so that builds are reproducible.")).toBe(true);
    expect(hasAnswerShape("reason", "Pin the Node version in the settings.")).toBe(false);
  });

  it("place: a preposition before a capitalised name", () => {
    expect(hasAnswerShape("place", "Report bugs in GitHub issues.")).toBe(true);
    expect(hasAnswerShape("place", "The team met at Berlin.")).toBe(true);
    expect(hasAnswerShape("place", "Report bugs in the issue tracker.")).toBe(false);
  });

  it("other: never has a shape", () => {
    expect(hasAnswerShape("other", "Lumen is maintained by 3 people because Ada Lovelace said so in Berlin in 2021.")).toBe(false);
  });

  it("works with the type answerTypeOf returns", () => {
    expect(hasAnswerShape(answerTypeOf("How many maintainers?"), "There are 3 maintainers.")).toBe(true);
    expect(hasAnswerShape(answerTypeOf("How do I install it?"), "There are 3 maintainers.")).toBe(false);
  });
});

describe("abbreviations: what does X stand for", () => {
  it("analyzeQuestion recognises the question and the abbreviation", () => {
    expect(analyzeQuestion("what does the L in FLOSS stand for?")).toMatchObject({ type: "expansion", strict: true, acronym: "FLOSS" });
    expect(analyzeQuestion("what's CoC short for?")).toMatchObject({ type: "expansion", acronym: "CoC" });
    expect(analyzeQuestion("what does LGTM mean?")).toMatchObject({ type: "expansion", acronym: "LGTM" });
    // An ordinary word asked about is an explanation, not a long form.
    expect(analyzeQuestion("what does maintainer mean?").type).not.toBe("expansion");
  });

  it("expandsAcronym finds a long form whose initials spell the abbreviation, next to it", () => {
    expect(expandsAcronym("FLOSS", 'combined as "free, libre, and open source software" (FLOSS).')).toBe(true);
    expect(expandsAcronym("BDFL", 'BDFL stands for "Benevolent Dictator for Life".')).toBe(true);
    expect(expandsAcronym("FLOSS", "FLOSS/fund is a dedicated fund for FOSS projects.")).toBe(false);
    // The long form alone, without the abbreviation, does not say that it is what the abbreviation means.
    expect(expandsAcronym("CI", "Run continuous integration on every change.")).toBe(false);
  });
});

describe("hasAnswerShape: times relative to an event, and names that are not people", () => {
  it("time: '14 days later', 'after 30 days', 'within two weeks'", () => {
    expect(hasAnswerShape("time", "It is closed 14 days later if nothing happens.")).toBe(true);
    expect(hasAnswerShape("time", "The bot closes it after thirty days.")).toBe(true);
    expect(hasAnswerShape("time", "It is closed when nobody answers.")).toBe(false);
  });

  it("person: a title before a name, but not an organisation or a system", () => {
    expect(hasAnswerShape("person", "A keynote came from Linux Foundation Chief Economist Frank Nagle, who spoke on economics.")).toBe(true);
    expect(hasAnswerShape("person", "CVSS is the Common Vulnerability Scoring System, maintained by the Forum of Incident Response and Security Teams.")).toBe(false);
    expect(hasAnswerShape("person", "The project is hosted by the Open Commons Foundation.")).toBe(false);
    expect(hasAnswerShape("person", "Use GitHub's private vulnerability reporting.")).toBe(false);
    // An e-mail address is not a handle.
    expect(hasAnswerShape("person", "Email conduct@tessera.example.org.")).toBe(false);
    expect(hasAnswerShape("person", "Thanks to @shaunagm for the idea.")).toBe(true);
  });
});

describe("purpose questions", () => {
  it("'what's the point of X?' asks for a reason, answered by a purpose ('is needed to make sure')", () => {
    expect(analyzeQuestion("what's the point of the merge pool?")).toMatchObject({ type: "reason", strict: false, typeWords: ["point"] });
    expect(analyzeQuestion("what is the purpose of OWNERS files?").type).toBe("reason");
    expect(hasAnswerShape("reason", "The merge pool is needed to make sure no incompatible changes were merged.")).toBe(true);
    expect(hasAnswerShape("reason", "The merge pool holds pull requests.")).toBe(false);
  });
});

describe("procedure questions", () => {
  it("'how do I …' asks for an instruction: a command, an imperative, 'you can …'", () => {
    expect(analyzeQuestion("how do i get tessera on windows?").type).toBe("procedure");
    expect(analyzeQuestion("how to rerun a flaky test").type).toBe("procedure");
    expect(analyzeQuestion("how often do releases ship?").type).toBe("frequency");
    expect(hasAnswerShape("procedure", "Comment `/retest` to run the checks again.")).toBe(true);
    expect(hasAnswerShape("procedure", "To cut a release, run the release script.")).toBe(true);
    expect(hasAnswerShape("procedure", "You can reopen it at any time.")).toBe(true);
    expect(hasAnswerShape("procedure", "Windows 10 and Windows 11 on x86-64")).toBe(false);
  });
});

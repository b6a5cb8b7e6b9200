import { describe, expect, it } from "vitest";
import { answerTypeOf, hasAnswerShape } from "../../../src/core/answer/answer-type.js";

describe("answerTypeOf", () => {
  it.each([
    ["How many maintainers does Lumen have?", "number"],
    ["How much disk space is needed?", "number"],
    ["How often is a release published?", "number"],
    ["What percentage of users deploy to Netlify?", "number"],
    ["Who maintains Lumen?", "person"],
    ["Whose idea was the theme system?", "person"],
    ["When is the maintenance window?", "time"],
    ["What year was Lumen first released?", "time"],
    ["Why does the install fail with EACCES?", "reason"],
    ["What reasons are there to pin the Node version?", "reason"],
    ["Where do I report a bug?", "place"],
    ["How do I install Lumen?", "other"],
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

describe("hasAnswerShape", () => {
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

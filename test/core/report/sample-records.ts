// Hand-made records for the report tests: plain StoredAnswer / StoredVote values over a known window,
// so every figure the report shows can be checked against numbers worked out by hand.
import type { StoredAnswer, StoredVote } from "../../../src/core/index.js";
import type { ReportInput } from "../../../src/core/index.js";

let next = 0;

export function answerAt(
  createdAt: string,
  question: string,
  options: { grounded?: boolean; files?: string[]; latencyMs?: number; platform?: StoredAnswer["platform"]; user?: string } = {},
): StoredAnswer {
  const files = options.files ?? (options.grounded === false ? [] : ["install.md"]);
  return {
    id: `a${++next}`,
    platform: options.platform ?? "discord",
    userHash: `hash-${options.user ?? "u1"}`,
    channel: "C-SECRET-CHANNEL",
    question,
    answer: options.grounded === false ? "I couldn't find this in the knowledge base, so I won't guess." : `Answer to ${question} [1]`,
    citations: files.map((file, i) => ({ n: i + 1, title: `Title of ${file}`, section: "", file, url: `https://docs.example.org/${file}`, score: 1 })),
    grounded: options.grounded ?? true,
    latencyMs: options.latencyMs ?? 100,
    createdAt,
  };
}

export function voteOn(answer: StoredAnswer, vote: "up" | "down", updatedAt: string, user = "v1"): StoredVote {
  return { answerId: answer.id, userHash: `hash-${user}`, vote, createdAt: updatedAt, updatedAt };
}

/** Seven days, 2025-06-01 … 2025-06-07, with questions on four of them. */
export function sampleInput(): ReportInput {
  const install = answerAt("2025-06-01T08:00:00.000Z", "How do I install Lumen?", { latencyMs: 100, user: "u1" });
  const port = answerAt("2025-06-01T09:00:00.000Z", "Which port does the dev server use?", { files: ["config.mdx"], latencyMs: 300, user: "u2" });
  const upgrade1 = answerAt("2025-06-02T10:00:00.000Z", "How do I upgrade Lumen to version 3?", { grounded: false, latencyMs: 50, user: "u3" });
  const upgrade2 = answerAt("2025-06-04T10:00:00.000Z", "Upgrading Lumen to version 3?", { grounded: false, latencyMs: 70, platform: "slack", user: "u1" });
  const upgrade3 = answerAt("2025-06-04T11:00:00.000Z", "how do i UPGRADE lumen to version 3", { grounded: false, latencyMs: 90, platform: "slack", user: "u4" });
  const windows = answerAt("2025-06-04T12:00:00.000Z", "Does it run on Windows ARM laptops?", { grounded: false, latencyMs: 30, platform: "cli", user: "u5" });
  const install2 = answerAt("2025-06-07T08:00:00.000Z", "Install fails with EACCES, what now?", { files: ["install.md", "faq.txt"], latencyMs: 200, user: "u2" });
  return {
    answers: [install, port, upgrade1, upgrade2, upgrade3, windows, install2],
    votes: [
      voteOn(install, "up", "2025-06-01T08:05:00.000Z"),
      voteOn(port, "down", "2025-06-01T09:05:00.000Z", "v1"),
      voteOn(port, "down", "2025-06-02T09:05:00.000Z", "v2"),
      voteOn(install2, "down", "2025-06-07T08:05:00.000Z"),
      voteOn(install2, "up", "2025-06-07T08:06:00.000Z", "v2"),
    ],
    documents: [
      { file: "config.mdx", title: "Configuration", chunkCount: 2 },
      { file: "deploy/netlify.md", title: "Deploy to Netlify", url: "https://docs.example.org/netlify", chunkCount: 1 },
      { file: "faq.txt", title: "FAQ", chunkCount: 1 },
      { file: "install.md", title: "Installing", chunkCount: 3 },
    ],
    firstDay: "2025-06-01",
    days: 7,
    retentionDays: 90,
    generatedAt: "2025-06-07T23:00:00.000Z",
  };
}

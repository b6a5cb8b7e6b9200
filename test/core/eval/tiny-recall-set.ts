// A knowledge base of three one-paragraph documents and five labelled questions about it, for the
// context-recall tests: small enough that every document fits every prompt, so the expected figure (3 of 4
// answerable questions have their facts in the prompt; the ticket price is in no document) does not depend
// on retrieval's ranking.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const TINY_DOCS: Record<string, string> = {
  "install.md": "---\ntitle: Installing Lumen\n---\n\n# Installing Lumen\n\nLumen needs Node 20 or newer.\nInstall the CLI with npm install -g lumen-cli.\n",
  "deploy.md": "---\ntitle: Deploying to Netlify\n---\n\n# Deploying to Netlify\n\nTo deploy Lumen to Netlify, set the publish directory to dist.\n",
  "pricing.md": "---\ntitle: Pricing\n---\n\n# Pricing\n\nLumen is available at no cost for everyone. Hosting is paid separately.\n",
};

export const TINY_SET = [
  { id: "node", question: "Which Node version does Lumen need?", must_contain: ["Node 20"] },
  { id: "netlify", question: "What publish directory does Netlify use for Lumen?", must_contain: ["dist"] },
  { id: "free", question: "Is Lumen free?", must_contain: ["free"], alt_map: { free: ["no cost"] } },
  { id: "ticket", question: "How much does a Lumen conference ticket cost?", must_contain: ["40 euros"] },
  { id: "worldcup", question: "Who won the 1998 world cup?", unanswerable: true },
];

/** Writes the documents into `dir` (created) and returns it. */
export async function writeTinyKnowledge(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(TINY_DOCS)) await writeFile(join(dir, file), text);
  return dir;
}

/** The questions as a JSONL question set. */
export const TINY_SET_JSONL = `${TINY_SET.map((q) => JSON.stringify(q)).join("\n")}\n`;

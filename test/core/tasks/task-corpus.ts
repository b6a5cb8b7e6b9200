// A small knowledge base for the chat-task tests: documents with and without a front-matter date and
// description, several sections each, one of them about security; indexed with the offline embedder.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../../src/config.js";
import { createAnswerer, createEmbedder, ingestKnowledge, openDocent, type Docent } from "../../../src/core/index.js";

export const DOCS: Record<string, string> = {
  "release.md": `---
title: Release process
url: https://docs.example.org/release
date: 2024-05-01
description: How a release is cut, tagged and published.
---

Every release of Widget starts from the main branch and takes about a day.

## Branching

A release branch is cut from main on Monday morning. Only fixes are merged into it after that.

## Tagging

Tags are signed with the release manager's key and named after the version, such as v2.4.0.

## Publishing

The CI pipeline publishes the packages to the registry once the tag is pushed. Mirrors such as https://mirror.example.net/widget carry them a day later.
`,
  "security.md": `---
title: Security policy
url: https://example.org/security
date: 2024-06-10
---

Report vulnerabilities privately to the security team at security@example.org.

## Reporting

Send a description of the vulnerability and the steps to reproduce it. We answer within three working days.

## Disclosure

We publish an advisory once a fix is released, and credit the reporter unless they ask us not to.
`,
  "guides/contributing.md": `---
title: Contributor guide
---

Thank you for helping to improve Widget with code, docs and reviews.

## Setting up

Clone the repository and run the bootstrap script to install the toolchain.

## Pull requests

Keep each pull request small and focused, and add a test for every fix.
`,
};

export interface TaskCorpus {
  docent: Docent;
  config: Config;
  knowledgeDir: string;
  reingest(options?: { full?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function openTaskCorpus(env: Record<string, string> = {}, docs: Record<string, string> = DOCS): Promise<TaskCorpus> {
  const root = await mkdtemp(join(tmpdir(), "docent-tasks-"));
  const knowledgeDir = join(root, "knowledge");
  for (const [file, text] of Object.entries(docs)) {
    await mkdir(join(knowledgeDir, file, ".."), { recursive: true });
    await writeFile(join(knowledgeDir, file), text);
  }
  const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data"), LOG_LEVEL: "silent", ...env }, { knowledgeDir, indexDir: join(root, "index") });
  const embedder = await createEmbedder(config.embeddings);
  await ingestKnowledge(config, embedder);
  const docent = await openDocent(config, { embedder, answerer: createAnswerer(config) });
  return {
    docent,
    config,
    knowledgeDir,
    async reingest(options = {}) {
      await ingestKnowledge(config, embedder, options);
      await docent.reload();
    },
    async close() {
      await docent.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

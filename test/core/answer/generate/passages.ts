// Hand-made retrieval results for answerer tests: passages with their coverage of the question computed the
// way retrieval does (every question term weighted 1), so the extractive relevance floor behaves as in use.
import type { QueryTerms, RetrievedPassage } from "../../../../src/core/retrieve/retrieve.js";
import { coverage } from "../../../../src/core/retrieve/retrieve.js";
import { distinctTerms } from "../../../../src/core/text/analyze.js";

export interface DocSpec {
  file: string;
  title: string;
  section?: string;
  url?: string;
  text: string;
}

export function queryTerms(question: string): QueryTerms {
  const terms = distinctTerms(question).map((term) => ({ term, idf: 1, df: 1 }));
  return { terms, totalIdf: terms.length, chunks: 100 };
}

export function passagesFor(question: string, docs: DocSpec[]): { query: QueryTerms; passages: RetrievedPassage[] } {
  const query = queryTerms(question);
  const passages = docs.map((d, i) => ({
    chunk: { label: i + 1, file: d.file, title: d.title, section: d.section ?? "", url: d.url, position: 0, text: d.text },
    score: 1 - i * 0.1,
    coverage: coverage(query, `${d.title} ${d.section ?? ""} ${d.text}`),
  }));
  return { query, passages };
}

export const INSTALL_DOC: DocSpec = {
  file: "install.md",
  title: "Installing Lumen",
  section: "Installing",
  url: "https://lumen.example.org/docs/install",
  text: "Install the Lumen command-line tool globally from npm with npm install -g lumen-cli. Lumen needs Node 20 or newer.",
};

export const DEPLOY_DOC: DocSpec = {
  file: "deploy/netlify.md",
  title: "Deploying Lumen to Netlify",
  section: "Netlify",
  url: "https://lumen.example.org/docs/deploy/netlify",
  text: "To deploy Lumen to Netlify, set the build command to lumen build and the publish directory to dist.",
};

export const INSTALL_QUESTION = "How do I install the Lumen command-line tool?";

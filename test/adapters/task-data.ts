// A small test-owned TaskService over fixed documents, for driving /docent on Discord and Slack without the
// core: it records what it was asked, pages like the real one, and refuses unknown documents with the core's
// DocumentNotFoundError naming the closest titles.
import type { DocumentSummary, LatestItem, SearchItem, SearchOptions, TaskService } from "../../src/core/index.js";
import { DocumentNotFoundError } from "../../src/core/tasks/resolve-document.js";

export interface RecordingTasks extends TaskService {
  calls: { task: string; args: unknown[] }[];
}

export const DOCS: LatestItem[] = Array.from({ length: 12 }, (_, i) => ({
  file: `posts/release-${String(12 - i).padStart(2, "0")}.md`,
  title: i === 0 ? "Release 12: @everyone should upgrade *now*" : `Release ${12 - i} notes`,
  url: `https://blog.example.org/release-${12 - i}`,
  date: `2024-${String(12 - i).padStart(2, "0")}-01`,
  dateSource: "front-matter",
  summary: `What changed in release ${12 - i}: security fixes and the release process.`,
}));

export function recordingTasks(overrides: Partial<TaskService> = {}): RecordingTasks {
  const calls: RecordingTasks["calls"] = [];
  const service: TaskService = {
    async latest(options = {}) {
      const topic = options.topic?.toLowerCase();
      return DOCS.filter((d) => !topic || d.summary.toLowerCase().includes(topic)).slice(0, options.n ?? 5);
    },
    async searchDocuments(query, options: SearchOptions = {}) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const matches: SearchItem[] = DOCS.filter((d) => words.some((w) => `${d.title} ${d.summary}`.toLowerCase().includes(w))).map((d, i) => ({
        file: d.file,
        title: d.title,
        section: "Upgrading › Steps",
        url: d.url,
        snippet: d.summary,
        score: 1 - i / 100,
      }));
      const pageSize = options.pageSize ?? 5;
      const pages = Math.max(1, Math.ceil(matches.length / pageSize));
      const page = Math.min(options.page ?? 1, pages);
      return { query, items: matches.slice((page - 1) * pageSize, page * pageSize), page, pages, total: matches.length };
    },
    async summarize(target): Promise<DocumentSummary> {
      const doc = DOCS.find((d) => d.url === target || d.title.toLowerCase() === target.toLowerCase() || d.file === target);
      if (!doc) throw new DocumentNotFoundError(target, ["Release 11 notes", "Release 10 notes"]);
      return {
        file: doc.file,
        title: doc.title,
        url: doc.url,
        sections: ["Highlights", "Upgrading › Steps"],
        summary: "Release 11 fixes two security issues [1] and changes the release process [2].",
        citations: [
          { n: 1, title: doc.title, section: "Highlights", url: doc.url, file: doc.file, score: 1 },
          { n: 2, title: doc.title, section: "Upgrading › Steps", url: doc.url, file: doc.file, score: 1 },
        ],
        grounded: true,
      };
    },
    async request(text) {
      return { answer: `You asked: ${text}`, citations: [], grounded: false, timings: { retrieveMs: 0, answerMs: 0 } };
    },
    ...overrides,
  };
  const record =
    <K extends keyof TaskService>(task: K) =>
    (...args: unknown[]) => {
      calls.push({ task, args });
      return (service[task] as (...a: unknown[]) => unknown)(...args);
    };
  return {
    calls,
    latest: record("latest") as TaskService["latest"],
    searchDocuments: record("searchDocuments") as TaskService["searchDocuments"],
    summarize: record("summarize") as TaskService["summarize"],
    request: record("request") as TaskService["request"],
  };
}

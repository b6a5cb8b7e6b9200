// Which documents answers lean on, and which indexed documents no answer used: the first are worth keeping
// accurate, the second are either well hidden, badly titled, or not needed.
import type { IndexedDocument } from "../index-store/list-documents.js";
import type { StoredAnswer } from "../records/record-store.js";
import type { CitedDocument, Source } from "./types.js";

/** Documents cited by grounded answers, most cited first; an answer citing a document twice counts once. */
export function mostCited(answers: StoredAnswer[], options: { limit?: number } = {}): CitedDocument[] {
  const byFile = new Map<string, CitedDocument>();
  for (const a of answers) {
    // Citations of a declined answer are only the closest documents, which it did not rely on.
    if (!a.grounded) continue;
    for (const file of new Set(a.citations.map((c) => c.file))) {
      const c = a.citations.find((x) => x.file === file)!;
      const doc = byFile.get(file) ?? { file, title: c.title, ...(c.url ? { url: c.url } : {}), citations: 0 };
      doc.citations++;
      byFile.set(file, doc);
    }
  }
  return [...byFile.values()].sort((a, b) => b.citations - a.citations || a.file.localeCompare(b.file)).slice(0, options.limit ?? 20);
}

export function neverCited(answers: StoredAnswer[], documents: IndexedDocument[]): Source[] {
  const cited = new Set(answers.filter((a) => a.grounded).flatMap((a) => a.citations.map((c) => c.file)));
  return documents
    .filter((d) => !cited.has(d.file))
    .map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}) }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

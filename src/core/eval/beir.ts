// Reads a BEIR-format dataset (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) and writes its corpus as a
// knowledge directory (one Markdown file per document, named by its id) so the real ingest can index it.
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { AppError } from "../../errors.js";

export interface BeirDataset {
  corpus: { id: string; title: string; text: string }[];
  queries: { id: string; text: string }[];
  /** query id → (document id → relevance) */
  qrels: Map<string, Map<string, number>>;
}

export async function loadBeir(dir: string, split = "test"): Promise<BeirDataset> {
  // Name every missing file at once, before reading anything: a wrong folder is the usual mistake.
  const missing = ["corpus.jsonl", "queries.jsonl", join("qrels", `${split}.tsv`)].filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0)
    throw new AppError("config_invalid", `eval: ${dir} is not a BEIR folder: ${missing.join(", ")} missing (a BEIR folder has corpus.jsonl, queries.jsonl and qrels/<split>.tsv)`);
  const qrels = new Map<string, Map<string, number>>();
  const qrelsFile = join(dir, "qrels", `${split}.tsv`);
  let qrelsText: string;
  try {
    qrelsText = await readFile(qrelsFile, "utf8");
  } catch (error) {
    throw new AppError("config_invalid", `eval: ${qrelsFile} cannot be read; a BEIR folder has corpus.jsonl, queries.jsonl and qrels/${split}.tsv`, {
      cause: error,
    });
  }
  for (const [i, line] of qrelsText.split("\n").entries()) {
    const [qid, did, score] = line.trim().split("\t");
    if (i === 0 && qid === "query-id") continue;
    if (!qid || !did || score === undefined) continue;
    const judged = qrels.get(qid) ?? new Map<string, number>();
    judged.set(did, Number(score));
    qrels.set(qid, judged);
  }
  const corpus: BeirDataset["corpus"] = [];
  for await (const row of jsonLines<{ _id: string; title?: string; text?: string }>(join(dir, "corpus.jsonl")))
    corpus.push({ id: String(row._id), title: row.title ?? "", text: row.text ?? "" });
  const queries: BeirDataset["queries"] = [];
  for await (const row of jsonLines<{ _id: string; text: string }>(join(dir, "queries.jsonl")))
    if (qrels.has(String(row._id))) queries.push({ id: String(row._id), text: String(row.text ?? "") });
  if (queries.length === 0)
    throw new AppError("config_invalid", `eval: no query in ${join(dir, "queries.jsonl")} has judgments in ${qrelsFile}`);
  return { corpus, queries, qrels };
}

/** Writes the corpus as `<id>.md` files with the title in front matter; returns the directory. */
export async function writeCorpusAsKnowledge(corpus: BeirDataset["corpus"], dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const doc of corpus) {
    const title = JSON.stringify(doc.title || doc.id);
    await writeFile(join(dir, `${safeName(doc.id)}.md`), `---\ntitle: ${title}\n---\n\n${doc.text || doc.title}\n`);
  }
  return dir;
}

/** Document id of a knowledge file written by writeCorpusAsKnowledge. */
export function docIdOf(file: string): string {
  return decodeURIComponent(file.replace(/\.md$/, ""));
}

function safeName(id: string): string {
  return encodeURIComponent(id);
}

async function* jsonLines<T extends { _id: unknown }>(file: string): AsyncGenerator<T> {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (line.trim() === "") continue;
    let row: T;
    try {
      row = JSON.parse(line) as T;
    } catch (error) {
      throw new AppError("config_invalid", `eval: ${file}: line ${n} is not valid JSON`, { cause: error });
    }
    if (typeof row !== "object" || row === null || (typeof row._id !== "string" && typeof row._id !== "number") || row._id === "")
      throw new AppError("config_invalid", `eval: ${file}: line ${n} has no "_id"`);
    yield row;
  }
}

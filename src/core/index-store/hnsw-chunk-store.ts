// A LangChain VectorStore over an hnswlib-node graph and the generation's SQLite chunk table. Unlike
// LangChain's HNSWLib store (whose delete() wipes the directory), it deletes single documents: their labels
// are marked deleted in the graph and their slots reused by later inserts; when deletions pile up the graph
// is rebuilt from the live points.
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";
import type { Chunk } from "../ingest/chunk-markdown.js";
import { loadHnsw } from "./check-generation.js";
import type { ChunkDb, ChunkRow } from "./chunk-db.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

const M = 16;
const EF_CONSTRUCTION = 200;
const EF_SEARCH = 96;
// Rebuild once deleted points are both numerous and a large share of the graph: search quality and
// memory suffer past that, and a rebuild below it costs more than it saves.
const REBUILD_MIN_DELETED = 256;
const REBUILD_DELETED_SHARE = 0.3;

export interface ChunkMetadata {
  file: string;
  title: string;
  section: string;
  url?: string;
  position: number;
  label: number;
}

export class HnswChunkStore extends VectorStore {
  declare FilterType: never;
  private index: Hnsw;

  constructor(
    embeddings: EmbeddingsInterface,
    readonly chunks: ChunkDb,
    readonly state: { dimension: number; nextLabel: number; deletedCount: number },
    index?: Hnsw,
  ) {
    super(embeddings, {});
    this.index = index ?? newIndex(state.dimension, 1024);
    this.index.setEf(EF_SEARCH);
  }

  /** Loads a saved graph; a file hnswlib cannot read is reported as damaged, naming it. */
  static load(path: string, embeddings: EmbeddingsInterface, chunks: ChunkDb, state: HnswChunkStore["state"]): HnswChunkStore {
    return new HnswChunkStore(embeddings, chunks, state, loadHnsw(path, state.dimension));
  }

  _vectorstoreType(): string {
    return "docent-hnsw";
  }

  get liveCount(): number {
    return this.index.getCurrentCount() - this.state.deletedCount;
  }

  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => embeddingText(d.metadata as Chunk, d.pageContent)));
    return this.addVectors(vectors, documents);
  }

  /** Stores chunks (Documents whose metadata is a Chunk's) with their vectors; returns the labels as ids.
   * The document manifest is the caller's to update once all of a document's chunks are in. */
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    const needed = this.index.getCurrentCount() + vectors.length;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, Math.ceil(this.index.getMaxElements() * 1.5)));
    const rows: ChunkRow[] = [];
    vectors.forEach((vector, i) => {
      const meta = documents[i]!.metadata as Chunk;
      const label = this.state.nextLabel++;
      // replaceDeleted reuses the slot of a deleted point, so deletions do not grow the graph.
      const reuse = this.state.deletedCount > 0;
      this.index.addPoint(vector, label, reuse);
      if (reuse) this.state.deletedCount--;
      rows.push({ file: meta.file, title: meta.title, section: meta.section, url: meta.url, position: meta.position, text: documents[i]!.pageContent, label, ...(meta.blocks ? { blocks: meta.blocks } : {}) });
    });
    this.chunks.transaction(() => this.chunks.insertChunks(rows));
    return rows.map((r) => String(r.label));
  }

  /** Deletes every chunk of the given documents (by file), from the graph and from SQLite. */
  override async delete(params: { files: string[] }): Promise<void> {
    const labels = this.chunks.transaction(() => params.files.flatMap((f) => this.chunks.removeDocument(f)));
    for (const label of labels) {
      this.index.markDelete(label);
      this.state.deletedCount++;
    }
  }

  /** Dense k-NN; scores are cosine similarities (higher is closer). */
  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[DocumentInterface, number][]> {
    return this.searchLabels(query, k).flatMap(({ label, similarity }) => {
      const row = this.chunks.chunk(label);
      return row ? [[toDocument(row), similarity] as [DocumentInterface, number]] : [];
    });
  }

  /** Dense k-NN returning labels only: what hybrid retrieval fuses before it reads any text. */
  searchLabels(query: number[], k: number): { label: number; similarity: number }[] {
    const n = Math.min(k, this.liveCount);
    if (n <= 0) return [];
    if (this.index.getMaxElements() > 0) this.index.setEf(Math.max(EF_SEARCH, n));
    const { neighbors, distances } = this.index.searchKnn(query, n);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  /** Rebuilds the graph without deleted points when they pile up; returns whether it did. */
  compactIfNeeded(): boolean {
    const deleted = this.state.deletedCount;
    const total = this.index.getCurrentCount();
    if (deleted < REBUILD_MIN_DELETED || deleted < total * REBUILD_DELETED_SHARE) return false;
    const live = this.chunks.labels();
    const rebuilt = newIndex(this.state.dimension, Math.max(1024, live.length));
    for (const label of live) rebuilt.addPoint(this.index.getPoint(label), label);
    rebuilt.setEf(EF_SEARCH);
    this.index = rebuilt;
    this.state.deletedCount = 0;
    return true;
  }

  save(path: string): void {
    this.index.writeIndexSync(path);
  }
}

/** What the embedder reads for a chunk: its title and section give short chunks their context. */
export function embeddingText(chunk: Pick<Chunk, "title" | "section">, text: string): string {
  return [chunk.title, chunk.section, text].filter((s) => s !== "").join("\n");
}

function newIndex(dimension: number, capacity: number): Hnsw {
  const index = new HierarchicalNSW("cosine", dimension);
  index.initIndex({ maxElements: capacity, m: M, efConstruction: EF_CONSTRUCTION, randomSeed: 42, allowReplaceDeleted: true });
  return index;
}

function toDocument(row: Chunk & { label: number }): Document<ChunkMetadata> {
  return new Document<ChunkMetadata>({
    id: String(row.label),
    pageContent: row.text,
    metadata: { file: row.file, title: row.title, section: row.section, url: row.url, position: row.position, label: row.label },
  });
}

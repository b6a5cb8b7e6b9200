// The offline embedder: no model, no download. Each text becomes a signed feature-hashing vector of its
// stemmed content words and of their character trigrams (which catch typos and word variants). It carries
// no meaning beyond shared words, so retrieval stays keyword-led when this embedder is in use; the dense
// side only breaks ties, with a fusion weight chosen by measurement.
import { Embeddings } from "@langchain/core/embeddings";
import { contentTerms } from "../text/analyze.js";

export const HASHING_EMBEDDER_ID = "hashing-v1";

export class HashingEmbeddings extends Embeddings {
  constructor(readonly dimension = 256) {
    super({});
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  embed(text: string): number[] {
    const vector = new Float64Array(this.dimension);
    const counts = new Map<string, number>();
    for (const term of contentTerms(text)) {
      counts.set(`w:${term}`, (counts.get(`w:${term}`) ?? 0) + 1);
      const padded = `^${term}$`;
      for (let i = 0; i + 3 <= padded.length; i++) {
        const gram = `g:${padded.slice(i, i + 3)}`;
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
      }
    }
    for (const [feature, count] of counts) {
      const h = fnv1a(feature);
      const weight = (feature.startsWith("w:") ? 1 : 0.35) * (1 + Math.log(count));
      const slot = h % this.dimension;
      vector[slot] = vector[slot]! + (h & 0x80000000 ? -weight : weight);
    }
    let norm = 0;
    for (const v of vector) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    return Array.from(vector, (v) => v / norm);
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

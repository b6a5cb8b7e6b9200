// A real sentence-embedding model run locally with transformers.js (ONNX on the CPU): mean pooling and
// L2 normalisation, in batches. Models are read from a local folder only; fetching one is an explicit
// operator step (`npm run model:fetch`), never something that happens while answering.
import { Embeddings } from "@langchain/core/embeddings";
import { env, pipeline, type FeatureExtractionPipeline } from "@huggingface/transformers";

export interface TransformersEmbeddingsOptions {
  /** Model name as a folder under modelDir, e.g. "Xenova/bge-small-en-v1.5". */
  model: string;
  modelDir: string;
  batchSize?: number;
  /** Text prepended to queries (bge models retrieve better with their instruction prefix). */
  queryPrefix?: string;
}

export class TransformersEmbeddings extends Embeddings {
  private extractor?: Promise<FeatureExtractionPipeline>;

  constructor(private readonly options: TransformersEmbeddingsOptions) {
    super({ maxConcurrency: 1 });
  }

  /** Loads the model; fails if it is not on disk. */
  async load(): Promise<FeatureExtractionPipeline> {
    this.extractor ??= (async () => {
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = this.options.modelDir.endsWith("/") ? this.options.modelDir : `${this.options.modelDir}/`;
      return (await pipeline("feature-extraction", this.options.model, { dtype: "fp32" })) as FeatureExtractionPipeline;
    })();
    return this.extractor;
  }

  /** Dimension of the model's vectors, read from one embedding. */
  async dimension(): Promise<number> {
    return (await this.embedQuery("dimension probe")).length;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const extractor = await this.load();
    const batchSize = this.options.batchSize ?? 32;
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const output = await extractor(texts.slice(i, i + batchSize), { pooling: "mean", normalize: true });
      vectors.push(...(output.tolist() as number[][]));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([`${this.options.queryPrefix ?? ""}${text}`]);
    return vector!;
  }
}

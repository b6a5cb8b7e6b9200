// Splits a document into chunks that follow its headings: each chunk belongs to one section, carries the
// section's heading path, and is made of whole blocks (paragraphs, list items, code blocks, tables — see
// parse-markdown.ts for the document model and split-blocks.ts for the cutting) that fit the embedder's input;
// a block is only cut when it alone is longer than a chunk. Each chunk keeps its block structure (`blocks`:
// kind and offsets in the text), so answers can quote whole blocks.
import type { SourceDocument } from "./load-document.js";
import { documentSections, parseMarkdown } from "./parse-markdown.js";
import { type ChunkBlock, splitBlocks } from "./split-blocks.js";

export { cleanMarkdown } from "./parse-markdown.js";
export type { ChunkBlock } from "./split-blocks.js";

export interface Chunk {
  file: string;
  title: string;
  /** Heading path, e.g. "Setup › Tokens"; "" for text before the first heading. */
  section: string;
  url?: string;
  /** 0-based order of the chunk inside its document. */
  position: number;
  text: string;
  /** The blocks the text is made of, in order, with their offsets in `text` (absent in chunks from old code
   * paths and hand-made test chunks). */
  blocks?: ChunkBlock[];
}

export const SECTION_SEPARATOR = " › ";

export async function chunkDocument(doc: SourceDocument, maxChars: number): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const tree = doc.tree ?? parseMarkdown(doc.markdown);
  for (const section of documentSections(tree, doc.markdown, doc.title)) {
    for (const piece of splitBlocks(section.blocks, maxChars)) {
      chunks.push({
        file: doc.file,
        title: doc.title,
        section: section.path.join(SECTION_SEPARATOR),
        url: doc.url,
        position: chunks.length,
        text: piece.text,
        blocks: piece.blocks,
      });
    }
  }
  return chunks;
}

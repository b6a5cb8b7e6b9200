// The sources one agent request has seen: every document passage a tool returned gets a number, shared by
// all tool results of the request, so the model's final [n] can be checked (grounding-check.ts) and mapped to
// citations. Citations can only name what a tool returned — nothing else is numbered.
import { defangLine, defangUntrusted } from "../answer/generate/untrusted-text.js";
import type { Citation } from "../types.js";

export interface AgentSource {
  file: string;
  title: string;
  section: string;
  url?: string;
  /** What the tool said from this passage (a snippet, a summary sentence, an answer sentence). */
  text: string;
}

export class SourceRegistry {
  readonly sources: AgentSource[] = [];
  private readonly byKey = new Map<string, number>();

  /** The source's number (1-based); the same file and section keep their number and gather their texts. */
  add(source: AgentSource): number {
    const key = `${source.file}\u0000${source.section}`;
    const known = this.byKey.get(key);
    if (known !== undefined) {
      const entry = this.sources[known - 1]!;
      if (source.text && !entry.text.includes(source.text)) entry.text = `${entry.text}\n${source.text}`.trim();
      return known;
    }
    this.sources.push({ ...source });
    this.byKey.set(key, this.sources.length);
    return this.sources.length;
  }

  get size(): number {
    return this.sources.length;
  }

  urls(): (string | undefined)[] {
    return this.sources.map((s) => s.url);
  }

  /** `cited[k - 1]` is the registry number the final text's [k] refers to. */
  citations(cited: number[]): Citation[] {
    return cited.map((n, i) => {
      const s = this.sources[n - 1]!;
      return { n: i + 1, title: s.title, section: s.section, ...(s.url ? { url: s.url } : {}), file: s.file, score: 1 };
    });
  }
}

/** One numbered source block, as answer prompts write them (format-sources.ts), for a tool result. */
export function sourceBlock(n: number, source: AgentSource, text = source.text): string {
  const fields = [`title: ${defangLine(source.title)}`];
  if (source.section.trim()) fields.push(`section: ${defangLine(source.section)}`);
  if (source.url) fields.push(`url: ${defangLine(source.url)}`);
  return `<source n="${n}">\n${fields.join("\n")}\n\n${defangUntrusted(text).trim()}\n</source>`;
}

// A synthetic knowledge base for benchmarks: Markdown documents with headed sections of Zipf-distributed
// words (like real text: a few words everywhere, most words rare), and questions drawn from their sections.

const VOCABULARY_SIZE = 20_000;
const SECTIONS_PER_DOC = 4;
const WORDS_PER_SECTION = 110;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeWord(i: number): string {
  const syllables = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "pel", "qua", "zu", "ne", "bri", "fo", "gal"];
  let w = "";
  let n = i + 1;
  while (n > 0) {
    w += syllables[n % syllables.length];
    n = Math.floor(n / syllables.length);
  }
  return w;
}

export interface SyntheticCorpus {
  docs: { file: string; content: string }[];
  questions: string[];
}

export function syntheticCorpus(chunks: number, seed = 7): SyntheticCorpus {
  const random = rng(seed);
  const words = Array.from({ length: VOCABULARY_SIZE }, (_, i) => makeWord(i));
  // Zipf sampling by inverting a cumulative 1/rank table.
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= VOCABULARY_SIZE; r++) cumulative.push((total += 1 / r));
  const word = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  const docs: SyntheticCorpus["docs"] = [];
  const questions: string[] = [];
  const docCount = Math.ceil(chunks / SECTIONS_PER_DOC);
  for (let d = 0; d < docCount; d++) {
    const sections: string[] = [];
    for (let s = 0; s < SECTIONS_PER_DOC; s++) {
      const body = Array.from({ length: WORDS_PER_SECTION }, word);
      for (let i = 12; i < body.length; i += 13) body[i] = `${body[i]}.`;
      sections.push(`## ${word()} ${word()}\n\n${body.join(" ")}.`);
      if (random() < 0.02) questions.push(`How does ${body.slice(3, 8).filter((_, i) => i % 2 === 0).join(" ")} work?`);
    }
    docs.push({ file: `doc-${String(d).padStart(6, "0")}.md`, content: `---\ntitle: Document ${d}\n---\n\n${sections.join("\n\n")}\n` });
  }
  return { docs, questions };
}

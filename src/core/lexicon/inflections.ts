// Base forms of inflected English words, for the forms a stemmer cannot join: irregular verbs ("held" →
// "hold", "ran" → "run", "written" → "write") and irregular plurals ("people" → "person"), plus WordNet's
// regular detachment rules ("releases" → "release", "shipped" → "ship"), which yield candidates that the
// caller checks against the lexicon. A curated table: WordNet 3.1's database files ship without theirs.

// base: past and participle forms (space-separated).
const IRREGULAR_VERBS = `
arise arose arisen|awake awoke awoken|be was were been|bear bore born borne|beat beaten|become became|begin began begun
bend bent|bet|bid|bind bound|bite bit bitten|bleed bled|blow blew blown|break broke broken|breed bred|bring brought
build built|burn burnt|buy bought|catch caught|choose chose chosen|cling clung|come came|cost|creep crept|cut|deal dealt
dig dug|do did done|draw drew drawn|dream dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen
feed fed|feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|forget forgot forgotten
forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given|go went gone|grind ground|grow grew grown
hang hung|have had|hear heard|hide hid hidden|hit|hold held|hurt|keep kept|kneel knelt|know knew known|lay laid
lead led|lean leant|leap leapt|learn learnt|leave left|lend lent|let|lie lay lain|light lit|lose lost|make made
mean meant|meet met|pay paid|prove proven|put|quit|read|rebuild rebuilt|redo redid redone|rethink rethought|rewrite rewrote rewritten
ride rode ridden|ring rang rung|rise rose risen|run ran|say said|see saw seen|seek sought|sell sold|send sent|set
shake shook shaken|shed|shine shone|shoot shot|show shown|shrink shrank shrunk|shut|sing sang sung|sink sank sunk|sit sat
sleep slept|slide slid|speak spoke spoken|speed sped|spend spent|spin spun|split|spread|spring sprang sprung|stand stood
steal stole stolen|stick stuck|sting stung|stride strode|strike struck|strive strove striven|swear swore sworn
sweep swept|swim swam swum|swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown
understand understood|undo undid undone|upset|wake woke woken|wear wore worn|weave wove woven|win won|wind wound
withdraw withdrew withdrawn|write wrote written`;

const IRREGULAR_NOUNS = `person people|child children|man men|woman women|foot feet|tooth teeth|mouse mice|index indices
matrix matrices|vertex vertices|criterion criteria|datum data|medium media|analysis analyses|basis bases|crisis crises
thesis theses|appendix appendices|schema schemata|life lives|wife wives|knife knives|leaf leaves|half halves|shelf shelves`;

const irregular = new Map<string, string>();
for (const table of [IRREGULAR_VERBS, IRREGULAR_NOUNS]) {
  for (const entry of table.split(/\||\n/)) {
    const [base, ...forms] = entry.trim().split(/\s+/);
    if (!base) continue;
    for (const form of forms) if (form !== base && !irregular.has(form)) irregular.set(form, base);
  }
}

// WordNet's morphy detachment rules, nouns then verbs then adjectives.
const RULES: [string, string][] = [
  ["ses", "s"], ["xes", "x"], ["zes", "z"], ["ches", "ch"], ["shes", "sh"], ["men", "man"], ["ies", "y"], ["s", ""],
  ["es", "e"], ["es", ""], ["ed", "e"], ["ed", ""], ["ing", "e"], ["ing", ""],
  ["er", ""], ["est", ""], ["er", "e"], ["est", "e"],
];

/** Candidate base forms of a lower-case word, most likely first; the irregular one when there is one. */
export function baseFormsOf(word: string): string[] {
  const known = irregular.get(word);
  if (known) return [known];
  const forms: string[] = [];
  for (const [suffix, replacement] of RULES) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const form = word.slice(0, -suffix.length) + replacement;
      if (!forms.includes(form)) forms.push(form);
    }
  }
  // "shipped" → "ship": a doubled final consonant before -ed / -ing.
  const doubled = /^(.*([bdgklmnprt]))\2(?:ed|ing)$/.exec(word);
  if (doubled) forms.push(doubled[1]!);
  return forms;
}

/** The irregular base form of a word, if it has one ("held" → "hold"). */
export function irregularBaseOf(word: string): string | undefined {
  return irregular.get(word);
}

// The core service every front end calls: opens the live index once, then answers questions —
// validate → condense follow-ups → hybrid retrieval → answer with citations. When ingest publishes a new
// index generation, Docent switches to it between questions: questions already running finish on the old
// index, which is closed when the last of them is done.
import { watch, type FSWatcher } from "node:fs";
import { AppError } from "../errors.js";
import { createLogger, type Logger } from "../logger.js";
import { createExtractiveAnswerer, type Answerer } from "./answer/answerer.js";
import { createLinkPolicy, type LinkPolicy } from "./answer/link-policy.js";
import { dependsOnHistory } from "./answer/condense-question.js";
import { createEmbedder, type Embedder, type EmbeddingsSettings } from "./embeddings/create-embeddings.js";
import { openIndexSource, type IndexLocation } from "./index-store/index-source.js";
import type { IndexSource, ServedIndex } from "./index-store/search-index.js";
import { retrieve } from "./retrieve/retrieve.js";
import { createTaskService, type TaskServiceOptions, type TaskSettings } from "./tasks/task-service.js";
import type { TaskService } from "./tasks/task-types.js";
import type { Answer, AskOptions, AskService } from "./types.js";

/** Dense weight in hybrid fusion when the operator sets none, by embedder kind (see fuse-scores.ts). */
export const DEFAULT_DENSE_WEIGHT = { lexical: 0.1, semantic: 0.5 } as const;

// How often to look at the CURRENT pointer in case a file-system event was missed (network file systems).
const POLL_MS = 10_000;
const WATCH_DEBOUNCE_MS = 100;

/** A ranked document for evaluation: the best passage of each document, best first. */
export interface SearchHit {
  file: string;
  title: string;
  section: string;
  score: number;
}

export interface Docent extends AskService {
  readonly embedder: Embedder;
  /** What is loaded: the index generation and its size. */
  info(): { generation: string; documents: number; chunks: number; embedder: string; answerer: string };
  /** Ranked documents for a query, without answering (evaluation, tuning). */
  search(query: string, options: { topK: number; denseWeight?: number }): Promise<SearchHit[]>;
  /** Switches to the newest published index generation, if there is one; resolves to whether it switched. */
  reload(): Promise<boolean>;
  /** Calls `listener` after each switch to a newer generation, however it was noticed (a re-index here, the
   * watch, the periodic check): e.g. announcing new documents. Returns the function that stops it. */
  onSwitch(listener: (generation: string) => void): () => void;
  /** Runs `work` against the live index generation, which stays open until `work` finishes (the chat tasks read it). */
  read<T>(work: (view: IndexView) => Promise<T>): Promise<T>;
  /** The chat tasks beyond one question: latest, searchDocuments, summarize, request (tasks/task-service.ts). */
  readonly tasks: TaskService;
  close(): Promise<void>;
}

/** What `read` hands its work: the loaded generation, its dense weight and its link policy. */
export interface IndexView {
  readonly index: Handle["index"];
  readonly denseWeight: number;
  readonly links: LinkPolicy;
}

/** How questions are ranked (RETRIEVAL_TOP_K, RELEVANCE_FLOOR, DENSE_WEIGHT). */
export interface RetrievalSettings {
  topK: number;
  relevanceFloor: number;
  /** Unset: by embedder kind (DEFAULT_DENSE_WEIGHT). */
  denseWeight?: number;
}

/** How questions are taken and answered (ANSWER_MAX_CHARS, MAX_QUESTION_CHARS, ASK_TIMEOUT_MS, HISTORY_MAX_TURNS, LINK_ALLOWED_HOSTS). */
export interface AnswerSettings {
  maxChars: number;
  maxQuestionChars: number;
  timeoutMs: number;
  historyMaxTurns: number;
  /** Hosts answers may link to besides those of the knowledge base's documents. */
  linkAllowedHosts: string[];
}

/** What a Docent reads of the configuration: where the index is, the embedder, retrieval and answers, and the chat tasks' settings. */
export interface DocentSettings extends IndexLocation, TaskSettings {
  embeddings: EmbeddingsSettings;
  retrieval: RetrievalSettings;
  answer: AnswerSettings;
}

export interface DocentOptions {
  embedder?: Embedder;
  answerer?: Answerer;
  /** Watch the index directory and switch to new generations by itself (long-running processes). */
  watch?: boolean;
  /** For the chat tasks: models to use instead of ones built from LLM_* (tests inject their own). */
  tasks?: TaskServiceOptions;
}

interface Handle {
  index: ServedIndex;
  denseWeight: number;
  /** Links answers may carry: the hosts of this index's documents plus LINK_ALLOWED_HOSTS (link-policy.ts). */
  links: LinkPolicy;
  users: number;
  retired: boolean;
}

export async function openDocent(config: DocentSettings, options: DocentOptions = {}): Promise<Docent> {
  const log = createLogger("core");
  const embedder = options.embedder ?? (await createEmbedder(config.embeddings));
  const answerer = options.answerer ?? createExtractiveAnswerer({ maxChars: config.answer.maxChars, relevanceFloor: config.retrieval.relevanceFloor });
  // Files under INDEX_DIR, or Postgres with DATABASE_URL (index-source.ts).
  const source = await openIndexSource(config, embedder);
  const listeners = new Set<(generation: string) => void>();
  const switched = (generation: string) => {
    for (const listener of listeners) {
      try {
        listener(generation);
      } catch (error) {
        log.error({ err: error, generation }, "a listener for new index generations failed");
      }
    }
  };
  let live: LiveIndex;
  try {
    live = await openLiveIndex(() => loadHandle(source, config), source, log, switched);
  } catch (error) {
    await source.close?.();
    throw error;
  }
  const first = live.current().index;
  log.info({ generation: first.generation, chunks: first.meta.liveCount, embedder: embedder.id, answerer: answerer.id }, "index loaded");
  const stopWatching = options.watch ? watchGenerations(source, config.indexDir, live.reload, log) : () => {};

  const core: Omit<Docent, "tasks"> = {
    embedder,
    info: () => {
      const { index } = live.current();
      return { generation: index.generation, documents: index.meta.documentCount, chunks: index.meta.liveCount, embedder: embedder.id, answerer: answerer.id };
    },
    async ask(question: string, askOptions: AskOptions = {}): Promise<Answer> {
      const text = checkQuestion(question, config.answer.maxQuestionChars);
      return live.use((handle) => answerFrom(handle, text, askOptions, { embedder, answerer, config }));
    },
    search: (query, searchOptions) => live.use((handle) => searchIn(handle, embedder, query, searchOptions)),
    reload: live.reload,
    onSwitch(listener) {
      const own = (generation: string) => listener(generation);
      listeners.add(own);
      return () => void listeners.delete(own);
    },
    read: (work) => live.use(work),
    async close() {
      stopWatching();
      await live.close();
      await source.close?.();
    },
  };
  return Object.assign(core, { tasks: createTaskService(core, config, options.tasks) });
}

/** Opens the live generation with what answers from it need: its dense weight and its link policy. */
async function loadHandle(source: IndexSource, config: Pick<DocentSettings, "retrieval" | "answer">): Promise<Handle> {
  const index = await source.open();
  const denseWeight = config.retrieval.denseWeight ?? DEFAULT_DENSE_WEIGHT[index.meta.embedder.kind];
  const links = createLinkPolicy({ documentUrls: index.chunks.documents().map((d) => d.url), allowedHosts: config.answer.linkAllowedHosts });
  return { index, denseWeight, links, users: 0, retired: false };
}

/** The loaded generation, and the switch to a newer one between questions. */
interface LiveIndex {
  current(): Handle;
  /** Runs `work` on the current generation, which stays open until `work` finishes. */
  use<T>(work: (handle: Handle) => Promise<T>): Promise<T>;
  /** Switches to the newest published generation, if there is one; resolves to whether it switched. */
  reload(): Promise<boolean>;
  /** Waits for a reload in progress, then closes the current generation once no work uses it. */
  close(): Promise<void>;
}

/** `switched` is told each new generation's name once questions use it. */
async function openLiveIndex(load: () => Promise<Handle>, source: IndexSource, log: Logger, switched: (generation: string) => void): Promise<LiveIndex> {
  let current = await load();
  const retire = (handle: Handle) => {
    handle.retired = true;
    if (handle.users === 0) handle.index.close();
  };
  const use = async <T>(work: (handle: Handle) => Promise<T>): Promise<T> => {
    const handle = current;
    handle.users++;
    try {
      return await work(handle);
    } finally {
      handle.users--;
      if (handle.retired && handle.users === 0) handle.index.close();
    }
  };
  const switchIfNewer = async (): Promise<boolean> => {
    const live = await source.liveGeneration();
    if (!live || live === current.index.generation) return false;
    const started = performance.now();
    const next = await load();
    const previous = current;
    current = next;
    retire(previous);
    log.info(
      { from: previous.index.generation, to: live, chunks: next.index.meta.liveCount, loadMs: Math.round(performance.now() - started) },
      "switched to the new index generation",
    );
    switched(next.index.generation);
    return true;
  };
  let reloading: Promise<boolean> = Promise.resolve(false);
  return {
    current: () => current,
    use,
    reload() {
      // Any failure (a generation that cannot be opened, an unreadable pointer) keeps the current index and
      // leaves the chain usable for the next attempt.
      reloading = reloading.then(switchIfNewer).catch((error: unknown) => {
        log.error({ err: error }, "new index generation could not be opened; still answering from the previous one");
        return false;
      });
      return reloading;
    },
    async close() {
      await reloading;
      retire(current);
    },
  };
}

/** Reloads when a new generation may have been published — on the source's notice (Postgres) or a change of the
 * CURRENT pointer in the index directory — and every POLL_MS in case one was missed. Returns the function that stops it. */
function watchGenerations(source: IndexSource, indexDir: string, reload: () => Promise<boolean>, log: Logger): () => void {
  let debounce: NodeJS.Timeout | undefined;
  const schedule = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void reload(), WATCH_DEBOUNCE_MS);
    debounce.unref();
  };
  let watcher: FSWatcher | undefined;
  let stopWatch: (() => void) | undefined;
  if (source.watch) stopWatch = source.watch(schedule);
  else {
    watcher = watch(indexDir, (_event, file) => {
      if (file === "CURRENT") schedule();
    });
    watcher.on("error", (error) => log.warn({ err: error }, "index watch failed; relying on polling"));
  }
  const poll = setInterval(schedule, POLL_MS);
  poll.unref();
  return () => {
    watcher?.close();
    stopWatch?.();
    clearInterval(poll);
  };
}

function checkQuestion(question: string, maxChars: number): string {
  const text = question.trim();
  if (text === "") throw new AppError("question_empty", "ask: the question is empty");
  if (text.length > maxChars) throw new AppError("question_too_long", `ask: the question has ${text.length} characters; the limit is ${maxChars}`);
  return text;
}

/** Answers a checked question from one generation: condense a follow-up, retrieve, answer, clean the links. */
async function answerFrom(
  { index, denseWeight, links }: Handle,
  text: string,
  askOptions: AskOptions,
  { embedder, answerer, config }: { embedder: Embedder; answerer: Answerer; config: Pick<DocentSettings, "retrieval" | "answer"> },
): Promise<Answer> {
  const t0 = performance.now();
  // A self-contained question is answered exactly as if asked alone: no history anywhere downstream.
  const history = dependsOnHistory(text) ? (askOptions.history ?? []).slice(-config.answer.historyMaxTurns) : [];
  const query = history.length > 0 ? await answerer.condense(text, history) : text;
  const vector = denseWeight > 0 ? await embedder.embeddings.embedQuery(query) : undefined;
  const { passages, query: terms } = await retrieve(index, vector, query, { topK: config.retrieval.topK, denseWeight });
  const t1 = performance.now();
  // Every answer path (extractive, model, fallback) and every streamed partial passes the link policy here.
  const { onPartial } = askOptions;
  const draft = await answerer.answer({ question: text, history, passages, query: terms, onPartial: onPartial && ((partial) => onPartial(links.clean(partial))) });
  const t2 = performance.now();
  return { ...draft, answer: links.clean(draft.answer), timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1) } };
}

/** The best passage of each document for a query, best first (evaluation, tuning). */
async function searchIn({ index, denseWeight }: Handle, embedder: Embedder, query: string, searchOptions: { topK: number; denseWeight?: number }): Promise<SearchHit[]> {
  const weight = searchOptions.denseWeight ?? denseWeight;
  const vector = weight > 0 ? await embedder.embeddings.embedQuery(query) : undefined;
  const candidates = Math.max(50, searchOptions.topK * 2);
  const { passages } = await retrieve(index, vector, query, { topK: candidates, denseWeight: weight, candidates });
  const seen = new Set<string>();
  return passages
    .filter((p) => !seen.has(p.chunk.file) && seen.add(p.chunk.file))
    .slice(0, searchOptions.topK)
    .map((p) => ({ file: p.chunk.file, title: p.chunk.title, section: p.chunk.section, score: p.score }));
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

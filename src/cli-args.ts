// Command-line options shared by `npm start`, `npm run ingest` and `npm run ask`: directory overrides
// (several knowledge bases side by side) plus each command's own flags.
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { ConfigOverrides } from "./config.js";

const SHARED = {
  knowledge: { type: "string" },
  index: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export function parseCommandLine<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], own: T) {
  const { values, positionals } = parseArgs({ args: argv, options: { ...SHARED, ...own }, allowPositionals: true, strict: true });
  const shared = values as { knowledge?: string; index?: string };
  const overrides: ConfigOverrides = { knowledgeDir: shared.knowledge, indexDir: shared.index };
  return { values, positionals, overrides };
}

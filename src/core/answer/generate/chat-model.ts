// The chat model behind generated answers. ChatOpenAI with a base URL covers OpenAI and every
// OpenAI-compatible server (vLLM, llama.cpp's server, LM Studio) as well as Ollama, through its /v1.
import { ChatOpenAI } from "@langchain/openai";
import type { LlmConfig } from "../../../config.js";

// Local servers accept any key, but the OpenAI client insists on one; passing one explicitly also keeps it
// from picking up OPENAI_API_KEY from the environment and sending it to a server it was not meant for.
const PLACEHOLDER_KEY = { openai: "not-needed", ollama: "ollama" } as const;

export function createChatModel(llm: LlmConfig, overrides: { maxTokens?: number; temperature?: number } = {}): ChatOpenAI {
  return new ChatOpenAI({
    model: llm.model,
    apiKey: llm.apiKey ?? PLACEHOLDER_KEY[llm.provider],
    configuration: llm.baseUrl ? { baseURL: llm.baseUrl } : {},
    temperature: overrides.temperature ?? llm.temperature,
    maxTokens: overrides.maxTokens ?? llm.maxAnswerTokens,
    timeout: llm.timeoutMs,
    // Retries are ours (with-retries.ts), bounded by the answer's time budget; LangChain's would not be.
    maxRetries: 0,
    // The chat-completions API is the one every compatible server speaks.
    useResponsesApi: false,
    // Ask for token usage on streamed answers too, so it can be logged.
    streamUsage: true,
  });
}

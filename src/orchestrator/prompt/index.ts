/** The task prompt for real agents: PRP goal, relevant context, dependencies' output, the task, validation. */
export { buildTaskPrompt, createPromptBuilder, type TaskPromptOptions } from './taskPrompt';
export { chunkSection, renderChunks, type ContextChunk } from './chunks';
export { relevance, selectChunks, taskTerms, type TaskTerms } from './relevance';

export { BUILTIN_AGENT } from './builtin';
export { loadAgents } from './loadAgents';
export type { LoadAgentsOptions, LoadedAgents } from './loadAgents';
export { isAgentWarning, parseAgentDefinition } from './parseAgentDefinition';
export type { AgentWarning } from './parseAgentDefinition';

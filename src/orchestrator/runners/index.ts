/** Agent back ends behind the AgentRunner port: a deterministic simulation and a generic command runner. */
export type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from './types';
export { SimulatedRunner, type AgentSkill, type SimulatedRunnerOptions } from './simulatedRunner';
export { CommandRunner, CommandRunnerError, type CommandRunnerOptions } from './commandRunner';
export { splitCommandLine, CommandLineError } from './splitCommandLine';
export { hashRandom } from './seededRandom';
export * from './claude';

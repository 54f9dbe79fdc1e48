import type { AgentProfile, Task, TaskFailure } from '../model';
import type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from '../runners/types';
import type { DependencyOutput, EngineOptions, PromptContext } from './options';
import type { AbortCause, TaskState } from './taskState';

/** Where an attempt finds what the task's dependencies produced. */
export interface DependencySource {
  dependencyOutputs(state: TaskState): DependencyOutput[];
}

/** The run-wide settings every attempt shares. */
export interface AttemptSettings {
  runId: string;
  cwd: string;
  runner: AgentRunner;
  buildPrompt: NonNullable<EngineOptions['buildPrompt']>;
  source: DependencySource;
}

/**
 * One attempt, as the runner sees it (a RunRequest) and as the prompt builder sees it (a PromptContext):
 * one object per attempt instead of three. The prompt is built when the runner first reads `prompt` (a
 * runner that needs none, like the simulated one, never pays for it); what the dependencies produced is
 * gathered when the prompt builder first reads `dependencies`. `toJSON` keeps it plain data for runners
 * that log their request.
 */
class Attempt implements RunRequest, PromptContext {
  readonly runId: string;
  readonly task: Task;
  readonly attempt: number;
  readonly cwd: string;
  readonly previousFailure: TaskFailure | undefined;
  readonly resumeSessionId: string | undefined;
  private built: string | undefined = undefined;
  private gathered: DependencyOutput[] | undefined = undefined;

  constructor(
    private readonly settings: AttemptSettings,
    private readonly state: TaskState,
    readonly agent: AgentProfile,
    resumeSessionId: string | undefined,
  ) {
    this.resumeSessionId = resumeSessionId;
    this.runId = settings.runId;
    this.task = state.task;
    this.attempt = state.attempts;
    this.cwd = settings.cwd;
    this.previousFailure = state.failure;
  }

  get prompt(): string {
    this.built ??= this.settings.buildPrompt(this.task, this);
    return this.built;
  }

  get dependencies(): DependencyOutput[] {
    this.gathered ??= this.settings.source.dependencyOutputs(this.state);
    return this.gathered;
  }

  toJSON(): RunRequest {
    const json: RunRequest = { runId: this.runId, task: this.task, agent: this.agent, attempt: this.attempt, prompt: this.prompt, cwd: this.cwd };
    if (this.resumeSessionId !== undefined) json.resumeSessionId = this.resumeSessionId;
    return json;
  }
}

/**
 * Starts the runner on one attempt. The prompt builder or the runner throwing becomes a `crash` result; the
 * caller maps a rejection (crashResult) and a malformed result (checkResult) the same way, so a broken
 * runner fails its own task and never the engine.
 */
export function launchAttempt(
  settings: AttemptSettings,
  state: TaskState,
  agent: AgentProfile,
  signal: AbortSignal,
  onProgress: (progress: RunnerProgress) => void,
  resumeSessionId?: string,
): Promise<RunnerResult> {
  try {
    return Promise.resolve(settings.runner.run(new Attempt(settings, state, agent, resumeSessionId), signal, onProgress));
  } catch (error) {
    return Promise.resolve(crashResult(error));
  }
}

/** A result that is not an object with a boolean `ok` is a crash of the runner. */
export function checkResult(result: unknown): RunnerResult {
  if (result === null || typeof result !== 'object' || typeof (result as RunnerResult).ok !== 'boolean') {
    return { ok: false, failure: { kind: 'crash', message: 'The runner returned something that is not a result ({ ok: boolean, ... }).' } };
  }
  return result as RunnerResult;
}

export function crashResult(error: unknown): RunnerResult {
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, failure: { kind: 'crash', message: `The runner threw: ${detail}` } };
}

/**
 * The failure an attempt ended with, or undefined when it succeeded. A success that raced a timeout still
 * counts; a failure after the engine's own timeout is a `timeout` whatever the runner called it.
 */
export function failureOf(result: RunnerResult, abortCause: AbortCause | undefined, timeoutMs: number | undefined): TaskFailure | undefined {
  if (result.ok) return undefined;
  if (abortCause === 'timeout') {
    return { kind: 'timeout', message: `The attempt took longer than the task timeout (${timeoutMs} ms) and was stopped.` };
  }
  return result.failure ?? { kind: 'crash', message: 'The runner reported a failure without saying why.' };
}

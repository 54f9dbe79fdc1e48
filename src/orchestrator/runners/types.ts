import type { AgentProfile, Task, TaskFailure } from '../model';

/** One attempt of one task by one agent. */
export interface RunRequest {
  runId: string;
  task: Task;
  agent: AgentProfile;
  /** 1 for the first attempt of this task, counting attempts on every agent. */
  attempt: number;
  /** The full prompt to give the agent. */
  prompt: string;
  /** Directory the agent works in. */
  cwd: string;
  /**
   * Continue this earlier agent session instead of starting a new one (Claude Code `--resume`), e.g. after
   * a turn limit. Runners without sessions ignore it.
   */
  resumeSessionId?: string;
}

/** Something the agent reported while working (a line of text, a tool use); shown live, never parsed for control. */
export interface RunnerProgress {
  message: string;
  /** The agent session the attempt works in (Claude Code's `session_id`), reported once it is known. */
  sessionId?: string;
}

export interface RunnerResult {
  ok: boolean;
  /** The agent's own short account of what it did. */
  summary?: string;
  costUsd?: number;
  filesChanged?: string[];
  /** Set when `ok` is false. */
  failure?: TaskFailure;
  /** Claude Code session id, so an interrupted attempt can be resumed. */
  sessionId?: string;
  /** Turns, tokens and time the agent reported, when its back end reports them. */
  usage?: RunnerUsage;
}

/** What an agent back end reported about one attempt's consumption; every field is optional. */
export interface RunnerUsage {
  turns?: number;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  /** The agent's own measure of its working time, in ms. */
  durationMs?: number;
  model?: string;
}

/**
 * The port every agent back end implements (simulated, generic command, Claude Code).
 *
 * Contract: `run` never throws for a failure of the agent; it resolves with `ok: false` and a classified
 * `failure`. When `signal` aborts, it stops the agent promptly and resolves with `failure.kind === 'cancelled'`.
 */
export interface AgentRunner {
  readonly name: string;
  /**
   * Set to true only when nothing `run` attached to `signal` acts on it once the attempt has settled (it
   * removed its listeners, or what it left does nothing for a finished attempt). The engine may then hand a
   * signal that was never aborted to a later attempt, which saves creating one per attempt (about 4 µs on
   * Node 20, much of the engine's cost per task in large simulations). Default false: a fresh signal per
   * attempt.
   */
  readonly releasesSignal?: boolean;
  run(request: RunRequest, signal: AbortSignal, onProgress: (progress: RunnerProgress) => void): Promise<RunnerResult>;
}

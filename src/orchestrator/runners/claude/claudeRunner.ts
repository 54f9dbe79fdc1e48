import { existsSync } from 'node:fs';
import type { TaskFailure } from '../../model';
import type { AgentRunner, RunRequest, RunnerProgress, RunnerResult, RunnerUsage } from '../types';
import { buildClaudeArgs } from './claudeArgs';
import { runClaudeProcess } from './claudeProcess';
import { classifyOutcome, denialList, type ClassifyContext, type ProcessOutcome } from './classify';
import { createRedactor, secretValues, type Redactor } from './redact';
import { checkRunnerOptions, type ClaudeCodeRunnerOptions, type ResolvedClaudeOptions } from './runnerOptions';

const CONTINUE_PROMPT =
  'You reached the turn limit before finishing. Continue the task from where you stopped, without redoing finished steps, then end with a short summary of what you did and which files you changed.';
/** Put before the task prompt when an attempt resumes the session of an attempt that was interrupted. */
const INTERRUPTED_PROMPT =
  'Your earlier work on this task was interrupted (the orchestrator stopped). Continue the task from where you stopped, without redoing finished steps; the task is repeated below. End with a short summary of what you did and which files you changed.';
const SUMMARY_CHARS = 4000;

/** One process of an attempt: its prompt, and the session it resumes. */
interface Step {
  prompt: string;
  resume?: string;
}

/** What one attempt has gathered across its processes (a resumed session is a second process). */
interface Tally {
  costUsd: number;
  files: Set<string>;
  sessionId?: string;
  usage: RunnerUsage;
}

/**
 * Runs each attempt as one `claude -p --output-format stream-json --verbose` process in the task's
 * directory, with the agent's system prompt, model and tools, and classifies how it ended (see classify.ts).
 * On a turn limit it resumes the session once. Every string it returns or reports is redacted of secrets.
 */
export class ClaudeCodeRunner implements AgentRunner {
  readonly name = 'claude';
  /** Every process removes its abort listener when it ends. */
  readonly releasesSignal = true;
  private readonly options: ResolvedClaudeOptions;
  private readonly redact: Redactor;

  constructor(options: ClaudeCodeRunnerOptions = {}) {
    this.options = checkRunnerOptions(options);
    this.redact = createRedactor(this.options.env, secretValues(process.env));
  }

  async run(request: RunRequest, signal: AbortSignal, onProgress: (progress: RunnerProgress) => void): Promise<RunnerResult> {
    // The session id rides on the next progress line (the stream's own "started" line), so it is on record
    // as soon as the agent starts, even if this process is killed before the attempt ends.
    let session: string | undefined;
    const onSession = (sessionId: string): void => void (session = sessionId);
    const progress = (message: string): void => {
      const sessionId = session;
      session = undefined;
      onProgress(sessionId === undefined ? { message: this.redact(message) } : { message: this.redact(message), sessionId });
    };
    const tally: Tally = { costUsd: 0, files: new Set(), usage: {} };
    const retries = { resumed: false, restarted: false };
    const resume = request.resumeSessionId;
    let step: Step | undefined = resume === undefined ? { prompt: request.prompt } : { prompt: `${INTERRUPTED_PROMPT}\n\n${request.prompt}`, resume };
    if (resume !== undefined) progress(`resuming the interrupted session ${resume}`);
    for (;;) {
      const budgetLeft = this.options.taskBudgetUsd === undefined ? undefined : this.options.taskBudgetUsd - tally.costUsd;
      const spentBefore = tally.costUsd;
      const outcome = await this.runOnce(request, step, budgetLeft, signal, progress, onSession);
      addToTally(tally, outcome);
      const failure = classifyOutcome(outcome, this.classifyContext(request, spentBefore));
      if (failure === undefined) return this.success(outcome, tally, progress);
      step = signal.aborted ? undefined : this.nextStep(request, step, failure, outcome, tally, retries, progress);
      if (step === undefined) return this.failure(failure, tally, progress);
    }
  }

  /**
   * What to run after a failed process within the same attempt: the turn-limited session resumed once
   * (when that is enabled and budget is left), or a fresh session once when the session to resume is
   * unknown to the CLI. Undefined: the attempt fails.
   */
  private nextStep(request: RunRequest, step: Step, failure: TaskFailure, outcome: ProcessOutcome, tally: Tally, retries: { resumed: boolean; restarted: boolean }, progress: (message: string) => void): Step | undefined {
    const budget = this.options.taskBudgetUsd;
    if (failure.kind === 'turn-limit' && this.options.resumeSessionOnTurnLimit && !retries.resumed && tally.sessionId !== undefined && (budget === undefined || budget > tally.costUsd)) {
      retries.resumed = true;
      progress(`turn limit reached; resuming session ${tally.sessionId} once to finish`);
      return { prompt: CONTINUE_PROMPT, resume: tally.sessionId };
    }
    const unknownSession = step.resume !== undefined && /no conversation found/i.test(outcome.stream.result?.errors.join(' ') ?? '');
    if (unknownSession && !retries.restarted) {
      retries.restarted = true;
      progress(`session ${step.resume} cannot be resumed; starting a fresh session`);
      return { prompt: request.prompt };
    }
    return undefined;
  }

  private runOnce(request: RunRequest, step: Step, budgetLeft: number | undefined, signal: AbortSignal, progress: (message: string) => void, onSession: (sessionId: string) => void): Promise<ProcessOutcome> {
    const { args, stdin } = buildClaudeArgs({
      agent: request.agent,
      prompt: step.prompt,
      permissionMode: this.options.permissionMode,
      maxTurns: this.options.maxTurns,
      defaultModel: this.options.model,
      budgetUsd: this.options.cliBudgetFlag ? budgetLeft : undefined,
      resumeSessionId: step.resume,
      extraArgs: this.options.extraArgs,
      promptVia: this.options.promptVia,
    });
    return runClaudeProcess({
      command: this.options.claudePath,
      args,
      cwd: request.cwd,
      env: this.environment(request),
      stdin,
      stallTimeoutMs: this.options.stallTimeoutMs,
      killGraceMs: this.options.killGraceMs,
      budgetUsd: budgetLeft,
      maxLineChars: this.options.maxLineChars,
      signal,
      onProgress: progress,
      onSession,
    });
  }

  private environment(request: RunRequest): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(this.options.env)) if (value !== undefined) env[key] = value;
    env.PRP_TASK_ID = request.task.id;
    env.PRP_RUN_ID = request.runId;
    env.PRP_AGENT = request.agent.name;
    env.PRP_ATTEMPT = String(request.attempt);
    return env;
  }

  private classifyContext(request: RunRequest, spentBeforeUsd: number): ClassifyContext {
    return {
      claudePath: this.options.claudePath,
      cwd: request.cwd,
      cwdExists: existsSync(request.cwd),
      stallTimeoutMs: this.options.stallTimeoutMs,
      budgetUsd: this.options.taskBudgetUsd,
      spentBeforeUsd,
      maxTurns: this.options.maxTurns,
    };
  }

  private success(outcome: ProcessOutcome, tally: Tally, progress: (message: string) => void): RunnerResult {
    const result = outcome.stream.result;
    if (result !== undefined && result.permissionDenials.length > 0) progress(`denied: ${denialList(result.permissionDenials)}`);
    progress(`done: ${tally.usage.turns ?? '?'} turns, $${tally.costUsd.toFixed(4)}`);
    const text = (result?.text ?? outcome.stream.lastText ?? '').trim();
    return { ok: true, summary: this.redact(truncate(text, SUMMARY_CHARS)), ...this.common(tally) };
  }

  private failure(failure: TaskFailure, tally: Tally, progress: (message: string) => void): RunnerResult {
    const message = this.redact(failure.message);
    if (failure.kind !== 'cancelled') progress(`failed (${failure.kind}): ${message}`);
    return { ok: false, failure: { kind: failure.kind, message }, ...this.common(tally) };
  }

  private common(tally: Tally): Pick<RunnerResult, 'costUsd' | 'filesChanged' | 'sessionId' | 'usage'> {
    const usage = { ...tally.usage, model: tally.usage.model === undefined ? undefined : this.redact(tally.usage.model) };
    return {
      costUsd: tally.costUsd,
      filesChanged: [...tally.files].map(this.redact),
      sessionId: tally.sessionId,
      usage,
    };
  }
}

/** Adds one process's cost, files, session and usage to the attempt's tally. */
function addToTally(tally: Tally, outcome: ProcessOutcome): void {
  const stream = outcome.stream;
  const result = stream.result;
  tally.costUsd += result?.costUsd ?? stream.maxCostUsd ?? 0;
  for (const file of stream.filesChanged) tally.files.add(file);
  tally.sessionId = result?.sessionId ?? stream.sessionId ?? stream.init?.sessionId ?? tally.sessionId;
  const usage = tally.usage;
  usage.model = stream.model ?? stream.init?.model ?? usage.model;
  if (result === undefined) return;
  usage.turns = (usage.turns ?? 0) + (result.numTurns ?? 0);
  usage.durationMs = (usage.durationMs ?? 0) + (result.durationMs ?? 0);
  if (result.usage === undefined) return;
  usage.inputTokens = (usage.inputTokens ?? 0) + result.usage.inputTokens;
  usage.outputTokens = (usage.outputTokens ?? 0) + result.usage.outputTokens;
  usage.cacheReadInputTokens = (usage.cacheReadInputTokens ?? 0) + result.usage.cacheReadInputTokens;
  usage.cacheCreationInputTokens = (usage.cacheCreationInputTokens ?? 0) + result.usage.cacheCreationInputTokens;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

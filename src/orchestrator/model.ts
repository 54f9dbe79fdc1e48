/**
 * Plain, serializable data shared by every stage of the pipeline:
 * PRP.md --parse--> Prp --plan--> TaskGraph --route--> Assignment --run--> RunEvent stream.
 *
 * Invariant: nothing in this file holds functions, class instances or cycles, so every value here can be
 * sent through JSON (CLI `--json`, the journal, the webview protocol) unchanged.
 */

/** Lines are 1-based and inclusive, as editors show them. */
export interface SourceRange {
  startLine: number;
  endLine: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  severity: Severity;
  /** A sentence a person can act on: what is wrong and, where possible, what to do. */
  message: string;
  /** 1-based line the problem is on (1 when it concerns the whole file). */
  line: number;
  endLine?: number;
  /** Stable machine-readable code, e.g. `no-tasks`, `unknown-dependency`, `cycle`, `placeholder-command`. */
  code: string;
}

// ---------------------------------------------------------------------------------------------------------
// Parse: PRP markdown -> Prp
// ---------------------------------------------------------------------------------------------------------

export type SectionKind =
  | 'goal'
  | 'why'
  | 'what'
  | 'context'
  | 'blueprint'
  | 'tasks'
  | 'validation'
  | 'success-criteria'
  | 'checklist'
  | 'other';

export interface PrpSection {
  kind: SectionKind;
  /** The heading text as written, without the leading `#`s. */
  heading: string;
  /** Markdown heading depth (1-6). */
  depth: number;
  /** The raw markdown under the heading, up to the next heading of the same or smaller depth. */
  content: string;
  range: SourceRange;
}

/** What an author marked a task as; `undefined` when the PRP has no marker for it. */
export type TaskMarker = 'todo' | 'in-progress' | 'done';

export interface PrpTask {
  /** Stable id inside the PRP: `T1`, `T2`, ... in document order. */
  id: string;
  /** The author's number when the PRP numbers its tasks (`Task 3`), else undefined. */
  number?: number;
  title: string;
  /** The task's own text (bullets, pseudocode) as written. */
  body: string;
  /** Target files named by the task (paths as written, without decoration). */
  files: string[];
  /** Upper-case action word when the task names one: CREATE, MODIFY, UPDATE, DELETE, ADD, REFACTOR, ... */
  action?: string;
  /** Ids of tasks this one explicitly depends on (resolved from `Task 1`, `Tasks 2-9`, ...). */
  dependsOn: string[];
  marker?: TaskMarker;
  range: SourceRange;
}

export interface ValidationCommand {
  /** The shell command as written; multi-line commands (backslash continuations) are joined. */
  command: string;
  line: number;
  /** True for template placeholders such as `[your test command]` that cannot run as written. */
  placeholder?: boolean;
}

export interface ValidationLevel {
  /** The author's level number (`Level 2`), or the 1-based position when unnumbered. */
  level: number;
  name: string;
  commands: ValidationCommand[];
  range: SourceRange;
}

export interface Criterion {
  text: string;
  /** True when written as a checked box `- [x]`. */
  done: boolean;
  line: number;
}

export interface Prp {
  title: string;
  /** `name:` from frontmatter or a header block, when present. */
  name?: string;
  description?: string;
  frontmatter?: Record<string, unknown>;
  sections: PrpSection[];
  goal?: string;
  why?: string;
  what?: string;
  tasks: PrpTask[];
  validation: ValidationLevel[];
  successCriteria: Criterion[];
  checklist: Criterion[];
  diagnostics: Diagnostic[];
  source: { path?: string; lineCount: number };
}

// ---------------------------------------------------------------------------------------------------------
// Plan: Prp -> TaskGraph
// ---------------------------------------------------------------------------------------------------------

export interface Task {
  id: string;
  title: string;
  body: string;
  files: string[];
  action?: string;
  /** Languages, frameworks and roles, lower-case, e.g. `typescript`, `react`, `testing`, `docs`. */
  tags: string[];
  /** 1 (trivial) to 5 (large). */
  complexity: number;
  /** Expected duration of one attempt in milliseconds. */
  estimateMs: number;
  range?: SourceRange;
  marker?: TaskMarker;
}

export type DependencyReason =
  | 'explicit'
  | 'creates-file'
  | 'imports-file'
  /** The task names a symbol (type, function, class, constant) that an earlier task defines. */
  | 'uses-symbol'
  /** The task imports or names a package that an earlier task adds as a dependency. */
  | 'uses-package'
  /** A testing task waits for the code it tests. */
  | 'tests-code'
  | 'same-file'
  | 'document-order';

/** `to` cannot start before `from` has succeeded. */
export interface Dependency {
  from: string;
  to: string;
  reason: DependencyReason;
  /** Human-readable detail, e.g. the file that links the two tasks. */
  detail?: string;
}

export interface TaskGraph {
  title: string;
  tasks: Task[];
  dependencies: Dependency[];
}

// ---------------------------------------------------------------------------------------------------------
// Agents and routing
// ---------------------------------------------------------------------------------------------------------

export type AgentSource = 'project' | 'user' | 'builtin' | 'spawned';

export interface AgentProfile {
  /** Identity: the frontmatter `name`. */
  name: string;
  description: string;
  /** Tools the agent may use; undefined means the CLI default (all tools). */
  tools?: string[];
  model?: string;
  /** The system prompt (the markdown body of the definition). */
  prompt: string;
  source: AgentSource;
  /** The definition file, when it came from one. */
  path?: string;
  /** How many tasks this agent may run at once (default 1 per agent session, see EngineOptions). */
  maxConcurrency?: number;
}

export interface RoutingWeights {
  specialization: number;
  load: number;
  history: number;
  responseTime: number;
}

/** Each term is in [0, 1]; `score` is the weighted sum. */
export interface ScoreBreakdown {
  specialization: number;
  load: number;
  history: number;
  responseTime: number;
}

export interface AgentScore {
  agent: string;
  score: number;
  breakdown: ScoreBreakdown;
  /** Words or tags that matched, to explain the specialization term. */
  matched?: string[];
}

export interface Assignment {
  taskId: string;
  agent: string;
  /**
   * The best candidates with their score breakdown, best first (the router keeps the first few, plus the agent
   * with the highest specialization when it ranks lower).
   */
  scores: AgentScore[];
  /** The next-best agents (at most eight), in the order to fall back in. */
  fallbacks: string[];
  /** One readable sentence saying why this agent was chosen. */
  reason: string;
}

/** What past runs recorded about an agent; feeds the history and response-time terms. */
export interface AgentStats {
  agent: string;
  attempts: number;
  successes: number;
  meanDurationMs: number;
}

// ---------------------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------------------

export type TaskStatus =
  | 'pending'
  | 'ready'
  | 'running'
  | 'retrying'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'blocked';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * Why an attempt failed. `transient` failures are retried with backoff; `unrecoverable` ones skip retries;
 * the rest may fall back to another agent.
 */
export type FailureKind =
  | 'transient'
  | 'timeout'
  | 'stalled'
  | 'turn-limit'
  | 'crash'
  | 'budget'
  | 'validation'
  | 'cancelled'
  | 'unrecoverable';

export interface TaskFailure {
  kind: FailureKind;
  /** A sentence a person can act on. */
  message: string;
}

export interface RunTotals {
  tasks: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  blocked: number;
  durationMs: number;
  costUsd: number;
}

interface EventBase {
  runId: string;
  /** Monotonic sequence number within the run, starting at 1. */
  seq: number;
  /** Milliseconds since the epoch (virtual in simulations). */
  time: number;
}

/**
 * A built-in agent back end as plain data, so a run can be resumed with the runner it started with (see
 * the session's `createRunner`). `simulated` speed: how many times faster than the estimates (default 1000).
 */
export type RunnerSpec =
  | { kind: 'simulated'; speed?: number; seed?: number }
  | { kind: 'command'; command: string | string[] }
  | {
      kind: 'claude';
      claudePath?: string;
      permissionMode?: string;
      maxTurns?: number;
      /** The model for agents whose definition names none. */
      model?: string;
      taskBudgetUsd?: number;
      stallTimeoutMs?: number;
    };

/**
 * What resuming a run needs to start it again the way it was started, recorded on the run's first
 * `run.started` event (so it is as durable as the run itself). Plain JSON; paths are absolute.
 */
export interface RunRecipe {
  prpPath: string;
  workspaceDir: string;
  agentsDirs?: string[];
  userAgentsDir?: string | null;
  order?: 'dependencies' | 'document';
  /** The tasks the run was limited to (with what they wait for), when it was. */
  onlyTasks?: string[];
  workers?: number;
  maxAttempts?: number;
  taskTimeoutMs?: number;
  runBudgetUsd?: number;
  maxConcurrencyPerAgent?: number;
  routingWeights?: Partial<RoutingWeights>;
  /** `AgentRunner.name` of the runner the run started with, e.g. `claude`, `command`, `simulated`. */
  runner: string;
  /** The runner as data, when it was started from one: resume then needs no runner of its own. */
  runnerSpec?: RunnerSpec;
  /** Each task's estimate as run, the planner's own estimate before history refined it, and its tags. */
  tasks?: Array<{ id: string; estimateMs: number; plannedMs: number; tags: string[] }>;
  /** The front end's own settings (e.g. the CLI's flags), returned unchanged on resume. */
  settings?: Record<string, unknown>;
}

export type RunEvent =
  | (EventBase & {
      type: 'run.started';
      title: string;
      taskCount: number;
      workers: number;
      /** On the first life of a run started through the session API: how to start it again. */
      recipe?: RunRecipe;
    })
  | (EventBase & { type: 'task.ready'; taskId: string })
  | (EventBase & { type: 'task.assigned'; taskId: string; agent: string; reason: string; fallbacks: string[] })
  | (EventBase & { type: 'task.started'; taskId: string; agent: string; attempt: number })
  | (EventBase & {
      type: 'task.progress';
      taskId: string;
      agent: string;
      message: string;
      /** Set when the agent's back end reports the session it works in, so an interrupted attempt can resume it. */
      sessionId?: string;
    })
  | (EventBase & {
      type: 'task.succeeded';
      taskId: string;
      agent: string;
      attempt: number;
      durationMs: number;
      costUsd: number;
      summary?: string;
      filesChanged?: string[];
    })
  | (EventBase & {
      type: 'task.failed';
      taskId: string;
      agent: string;
      attempt: number;
      failure: TaskFailure;
      /** True when the engine gives up on the task (no retry, no fallback left). */
      final: boolean;
    })
  | (EventBase & { type: 'task.retrying'; taskId: string; agent: string; attempt: number; delayMs: number; reason: string })
  | (EventBase & { type: 'task.rerouted'; taskId: string; from: string; to: string; reason: string })
  | (EventBase & { type: 'task.cancelled'; taskId: string; reason: string })
  | (EventBase & { type: 'task.blocked'; taskId: string; blockedBy: string })
  /**
   * Someone asked for a failed, cancelled or blocked task to run again. `retried`: the tasks that run
   * again (the task itself, or the failed and cancelled tasks that block it); `unblocked`: their blocked
   * dependents, which are pending again. `task.ready` follows for each one that can start.
   */
  | (EventBase & { type: 'task.retry-requested'; taskId: string; retried: string[]; unblocked: string[] })
  | (EventBase & { type: 'agent.spawned'; agent: string; dynamic: boolean; reason: string })
  | (EventBase & { type: 'agent.idle'; agent: string })
  | (EventBase & { type: 'agent.ended'; agent: string; reason: string })
  /** The agent failed `failures` attempts in a row: new tasks go to other agents until a probe succeeds. */
  | (EventBase & { type: 'agent.circuit-opened'; agent: string; failures: number; reason: string })
  /** A probe attempt of an agent whose circuit was open succeeded: the agent takes tasks again. */
  | (EventBase & { type: 'agent.circuit-closed'; agent: string })
  /** `reason`: why the run stopped early when it did, e.g. its budget was reached. */
  | (EventBase & { type: 'run.finished'; status: RunStatus; totals: RunTotals; reason?: string });

export type RunEventType = RunEvent['type'];

/** A RunEvent of one type, e.g. `EventOf<'task.failed'>`. */
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

import path from 'node:path';
import type { DurableStore, RunEvent, RunResult, Store } from '../../orchestrator/index';
import type { DashboardState } from '../../shared/dashboardState';
import { CliError } from '../errors';
import type { CliIo } from '../io';
import { describeAgentWarning } from '../prepare';
import type { RunValues } from '../run';
import { openReader, openWriter } from '../storeAccess';
import type { DashboardHub } from './hub';
import { planState } from './initialState';
import { RecordedFollower, recipeOf, recordedRunState } from './recorded';
import { RunControl } from './runControl';
import { planRecipe, resumeRun, runOptions, startPrp } from './sessionPort';

/** A run the dashboard serves (its state is in the hub): the actions clients may take, and its cleanup. */
export interface ServedRun {
  control: RunControl;
  /** Stops following the store and closes it (after any run of this process has stopped). */
  close(): Promise<void>;
}

/** How the dashboard's own process reports what it drives. */
export interface SourceContext {
  io: CliIo;
  /** The store folder. */
  dir: string;
  /** Sees each durable event of a run this process drives, for the terminal, with the state after it. */
  print: (event: RunEvent, state: DashboardState) => void;
  /** Sees the end of each run this process drives, with the state then. */
  finished: (result: RunResult, state: DashboardState) => void;
}

/** Starts the PRP as the store's writer and serves it live. */
export async function liveRun(context: SourceContext, hub: DashboardHub, prpFile: string, values: RunValues): Promise<ServedRun> {
  const { io } = context;
  // The flags are checked before the database is opened, so a typo costs nothing.
  const options = runOptions(io, values);
  const store = await openWriter(context.dir);
  try {
    const orchestration = await startPrp({ io, prpFile, options, store });
    const identity = { runId: orchestration.runId, prpPath: path.resolve(io.cwd, prpFile), workers: options.workers };
    hub.reset(planState(orchestration.plan, identity));
    for (const w of orchestration.plan.agentWarnings) io.err(`warning: ${describeAgentWarning(w)}`);
    const control = new RunControl({
      hub,
      workspaceDir: io.cwd,
      readStore: () => store,
      writer: async () => store,
      resume: (request) => resumeRun(request.store, request.runId),
      onEvent: context.print,
      tell: (line) => io.err(line),
      onFinished: (result) => context.finished(result, hub.state),
    });
    control.attach(orchestration);
    return { control, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The store as a recorded view uses it: a read-only view, refreshed while another process writes, until it writes itself. */
class RecordedStores {
  writer: DurableStore | undefined;
  constructor(
    readonly dir: string,
    public reader: Store,
  ) {}

  /** The store to read now: the writer once this process writes, else the latest read-only view. */
  current(): Store {
    return this.writer ?? this.reader;
  }

  /** Swaps in a fresher read-only view and closes the one before. */
  replaceReader(store: Store): void {
    const old = this.reader;
    this.reader = store;
    void old.close();
  }

  async openWriter(): Promise<DurableStore> {
    this.writer ??= await openWriter(this.dir);
    return this.writer;
  }

  async close(): Promise<void> {
    await this.reader.close();
    await this.writer?.close();
  }
}

/** The newest recorded run, planned again and with its events applied; a CliError when there is none. */
async function newestRun(dir: string): Promise<{ stores: RecordedStores; runId: string; state: DashboardState }> {
  const reader = await openReader(dir);
  const newest = reader.listRuns()[0];
  const state = newest ? await recordedRunState(reader, newest.runId, planRecipe) : undefined;
  if (!newest || !state) {
    await reader.close();
    throw new CliError('no-runs', `no runs recorded in ${dir}; run a PRP with 'prp-orchestrator dashboard PRPs/feature.md', or pass --db`);
  }
  return { stores: new RecordedStores(dir, reader), runId: newest.runId, state };
}

/**
 * Serves the newest recorded run read-only, following the store while another process writes it. A retry
 * from the dashboard resumes the run here, which needs the writer lock: from then on this process writes.
 */
export async function recordedRun(context: SourceContext, hub: DashboardHub): Promise<ServedRun> {
  const { io, dir } = context;
  const { stores, runId, state } = await newestRun(dir);
  hub.reset(state);
  const follower = new RecordedFollower({ dir, hub, openReader: () => openReader(dir), onReader: (store) => stores.replaceReader(store), planRecipe });
  const control = new RunControl({
    hub,
    workspaceDir: recipeOf(stores.reader.events(runId))?.workspaceDir ?? io.cwd,
    readStore: () => stores.current(),
    writer: async () => {
      const writer = await stores.openWriter();
      follower.stop();
      return writer;
    },
    resume: (request) => resumeRun(request.store, request.runId),
    onEvent: context.print,
    tell: (line) => io.err(line),
    onFinished: (result) => context.finished(result, hub.state),
  });
  await follower.start();
  return {
    control,
    close: async () => {
      follower.stop();
      await stores.close();
    },
  };
}

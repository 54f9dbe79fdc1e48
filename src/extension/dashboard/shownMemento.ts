/**
 * What the dashboard panel showed, remembered in the workspace state so the panel VS Code restores after a
 * window reload shows the same run, or plans the same PRP again for a preview. Free of `vscode`.
 */
import type { RunChange } from '../controllerApi';

/** The workspace-state key the memento is stored under. */
export const SHOWN_MEMENTO_KEY = 'prpOrchestrator.dashboard.shown';

export interface ShownMemento {
  runId: string;
  prpPath: string;
  /** True for a plan preview, which is planned again rather than looked up. */
  preview: boolean;
}

export function toMemento(change: RunChange | undefined): ShownMemento | undefined {
  if (!change) return undefined;
  return { runId: change.runId, prpPath: change.prpPath, preview: change.state.run.status === 'planned' };
}

/** The memento read back, or undefined when the stored value is missing or not one (state is untyped JSON). */
export function parseMemento(value: unknown): ShownMemento | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { runId, prpPath, preview } = value as Record<string, unknown>;
  if (typeof runId !== 'string' || typeof prpPath !== 'string' || typeof preview !== 'boolean') return undefined;
  return { runId, prpPath, preview };
}

import type { ActionState } from './useAction';

/** The host's answer to the last action, read out by screen readers as it arrives. */
export function ActionStatus({ state }: { state: ActionState }) {
  let text = '';
  let level = 'info';
  if (state.pending) text = `${state.pending}…`;
  else if (state.outcome) {
    text = state.outcome.message ?? (state.outcome.ok ? `${state.outcome.label}: done.` : `${state.outcome.label}: the host refused it.`);
    level = state.outcome.ok ? 'info' : 'error';
  }
  return (
    <div className={`prp-action-status prp-action-status--${level}`} role="status" aria-live="polite" data-testid="action-status">
      {text}
    </div>
  );
}

import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { isFinished, taskElapsedMs } from '../../../src/shared/dashboardState';
import type { DashboardState, DashboardTask } from '../../../src/shared/dashboardState';
import type { DashboardHost } from '../host/types';
import { ActionStatus } from '../ui/ActionStatus';
import { Button } from '../ui/controls';
import { formatCost, formatDuration, STATUS_LABELS } from '../ui/format';
import { useAction } from '../ui/useAction';
import { AttemptsSection } from './AttemptsSection';
import { FilesSection } from './FilesSection';
import { RoutingSection } from './RoutingSection';
import { TaskLog } from './TaskLog';

export interface DetailsPanelProps {
  state: DashboardState;
  taskId: string;
  host: DashboardHost;
  onClose: () => void;
  onSelect: (taskId: string) => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="prp-details__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** Retry is offered when the task's status allows it; the host says when the run cannot take it any more. */
function canRetry(task: DashboardTask): boolean {
  return task.status === 'failed' || task.status === 'cancelled' || task.status === 'blocked';
}

/** Everything about one task, with the actions the host performs. Escape closes it (see App). */
export function DetailsPanel({ state, taskId, host, onClose, onSelect }: DetailsPanelProps) {
  const index = state.taskIndex[taskId];
  const task = index === undefined ? undefined : state.tasks[index];
  const [action, run] = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the panel when it opens on another task, so keyboard users land where the content is.
  useEffect(() => heading.current?.focus(), [taskId]);
  if (!task) {
    return (
      <aside className="prp-details" aria-label="Task details">
        <p>Task {taskId} is not in this run.</p>
        <Button onClick={onClose}>Close</Button>
      </aside>
    );
  }
  const running = state.run.status === 'running';
  return (
    <aside className="prp-details" aria-label={`Details of ${task.id}`} data-testid="details-panel">
      <header className="prp-details__header">
        <h2 ref={heading} tabIndex={-1}>
          <span className="prp-node__id">{task.id}</span> {task.title}
        </h2>
        <button type="button" className="prp-icon-button" onClick={onClose} aria-label="Close details (Escape)">
          ×
        </button>
      </header>
      <p>
        <span className={`prp-badge prp-badge--${task.status}`}>{STATUS_LABELS[task.status]}</span>
        {task.critical && <span className="prp-badge prp-badge--critical">critical path</span>}
      </p>
      <div className="prp-actions">
        <Button testId="retry-task" disabled={!canRetry(task)} onClick={() => run(`Retry ${task.id}`, () => host.retryTask(task.id))}>
          Retry
        </Button>
        <Button testId="cancel-task" secondary disabled={isFinished(task.status) || !running} onClick={() => run(`Cancel ${task.id}`, () => host.cancelTask(task.id))}>
          Cancel
        </Button>
        {state.run.prpPath && (
          <Button secondary onClick={() => run('Open the PRP', () => host.openFile(state.run.prpPath!, task.line))}>
            Open in PRP
          </Button>
        )}
        <Button secondary onClick={() => run(`Open the log of ${task.id}`, () => host.openTaskLog(task.id))}>
          Full log
        </Button>
      </div>
      <ActionStatus state={action} />
      <dl className="prp-facts">
        <dt>Agent</dt>
        <dd>{task.agent ?? 'not assigned'}</dd>
        <dt>Time</dt>
        <dd>
          {formatDuration(taskElapsedMs(state, task))} <span className="prp-muted">(estimate {formatDuration(task.estimateMs)})</span>
        </dd>
        <dt>Cost</dt>
        <dd>{formatCost(task.costUsd)}</dd>
        {task.blockedBy && (
          <>
            <dt>Blocked by</dt>
            <dd>
              <button type="button" className="prp-link" onClick={() => onSelect(task.blockedBy!)}>
                {task.blockedBy}
              </button>
            </dd>
          </>
        )}
      </dl>
      {task.summary && <Section title="Summary">{<p>{task.summary}</p>}</Section>}
      {task.failure && (
        <Section title={task.failure.kind === 'validation' ? 'Validation output' : 'Failure'}>
          <pre className="prp-pre prp-pre--error">{task.failure.message}</pre>
        </Section>
      )}
      <Section title="Task">
        <pre className="prp-pre">{task.body || task.title}</pre>
      </Section>
      <Section title="Routing">
        <RoutingSection task={task} />
      </Section>
      <Section title={`Attempts (${task.attempts.length})`}>
        <AttemptsSection state={state} task={task} />
      </Section>
      <Section title="Log">
        <TaskLog lines={task.log} />
      </Section>
      <Section title="Files">
        <FilesSection task={task} onOpen={(path) => run(`Open ${path}`, () => host.openFile(path))} />
      </Section>
    </aside>
  );
}

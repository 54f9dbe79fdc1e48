import { memo } from 'react';
import { Handle, Position } from '@xyflow/react';
import type { NodeProps } from '@xyflow/react';
import { formatCost, formatDuration, STATUS_LABELS } from '../ui/format';
import type { TaskFlowNode } from './flowElements';

/**
 * One task in the graph: title, agent, status, duration and cost, coloured by status. Memoised: React Flow
 * renders it again only when its node object changes, which flowElements limits to real changes.
 */
function TaskNodeView({ data, selected, sourcePosition, targetPosition }: NodeProps<TaskFlowNode>) {
  const { task, runningSeconds, dimmed } = data;
  const duration = runningSeconds !== undefined ? task.durationMs + runningSeconds * 1000 : task.durationMs;
  const classes = ['prp-node', `prp-node--${task.status}`];
  if (task.critical) classes.push('prp-node--critical');
  if (dimmed) classes.push('prp-node--dimmed');
  if (selected) classes.push('prp-node--selected');
  return (
    <div className={classes.join(' ')} data-status={task.status} data-testid={`task-node-${task.id}`}>
      <Handle type="target" position={targetPosition ?? Position.Left} isConnectable={false} className="prp-handle" />
      <div className="prp-node__title" title={`${task.id} ${task.title}`}>
        <span className="prp-node__id">{task.id}</span> {task.title}
      </div>
      <div className="prp-node__meta">
        <span className="prp-node__agent">{task.agent ?? 'unassigned'}</span>
        <span className="prp-node__status">{STATUS_LABELS[task.status]}</span>
      </div>
      <div className="prp-node__meta">
        <span>{duration > 0 ? formatDuration(duration) : formatDuration(task.estimateMs) + ' est.'}</span>
        <span>{task.costUsd > 0 ? formatCost(task.costUsd) : ''}</span>
      </div>
      <Handle type="source" position={sourcePosition ?? Position.Right} isConnectable={false} className="prp-handle" />
    </div>
  );
}

export const TaskNode = memo(TaskNodeView);
TaskNode.displayName = 'TaskNode';

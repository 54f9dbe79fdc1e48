/** Which tasks the graph's search and filters select; the others are dimmed, never moved or hidden. */
import type { DashboardTask } from '../../../src/shared/dashboardState';
import type { TaskStatus } from '../../../src/orchestrator/model';

export interface GraphFilter {
  /** Words that must all appear in the task's id, title or agent (case-insensitive). */
  text: string;
  status: TaskStatus | 'all';
  agent: string | 'all';
}

export const NO_FILTER: GraphFilter = { text: '', status: 'all', agent: 'all' };

export function isFilterActive(filter: GraphFilter): boolean {
  return filter.text.trim() !== '' || filter.status !== 'all' || filter.agent !== 'all';
}

/** A predicate for one filter; build it once per filter change, not per task. */
export function taskMatcher(filter: GraphFilter): (task: DashboardTask) => boolean {
  const words = filter.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  return (task) => {
    if (filter.status !== 'all' && task.status !== filter.status) return false;
    if (filter.agent !== 'all' && task.agent !== filter.agent) return false;
    if (words.length === 0) return true;
    const haystack = `${task.id} ${task.title} ${task.agent ?? ''}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  };
}

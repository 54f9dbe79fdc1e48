import { useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { DashboardState } from '../../../src/shared/dashboardState';
import { Select, TextField } from '../ui/controls';
import { ALL_STATUSES, STATUS_LABELS } from '../ui/format';
import { isFilterActive, NO_FILTER, taskMatcher } from './filter';
import type { GraphFilter } from './filter';
import { NODE_HEIGHT, NODE_WIDTH } from './flowElements';
import { GraphView } from './GraphView';

export interface GraphPanelProps {
  state: DashboardState;
  selectedId: string | undefined;
  onSelect: (taskId: string | undefined) => void;
}

/** The graph with its search and filters; Enter in the search box shows the first match and opens it. */
export function GraphPanel(props: GraphPanelProps) {
  const [filter, setFilter] = useState<GraphFilter>(NO_FILTER);
  return (
    <ReactFlowProvider>
      <section className="prp-graph-panel" aria-label="Task graph">
        <GraphToolbar state={props.state} filter={filter} onFilter={setFilter} onSelect={props.onSelect} />
        <GraphView state={props.state} filter={filter} selectedId={props.selectedId} onSelect={props.onSelect} />
      </section>
    </ReactFlowProvider>
  );
}

interface ToolbarProps {
  state: DashboardState;
  filter: GraphFilter;
  onFilter: (filter: GraphFilter) => void;
  onSelect: (taskId: string | undefined) => void;
}

function GraphToolbar({ state, filter, onFilter, onSelect }: ToolbarProps) {
  const flow = useReactFlow();
  const active = isFilterActive(filter);
  const matched = useMemo(() => (active ? state.tasks.filter(taskMatcher(filter)) : state.tasks), [active, state.tasks, filter]);
  const agentNames = useMemo(() => {
    const names = new Set(state.agents.map((a) => a.name));
    for (const task of state.tasks) if (task.agent) names.add(task.agent);
    return [...names].sort();
  }, [state.agents, state.tasks]);

  const showFirstMatch = () => {
    const first = matched[0];
    const node = first ? flow.getNode(first.id) : undefined;
    if (!first || !node) return;
    void flow.setCenter(node.position.x + NODE_WIDTH / 2, node.position.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 200 });
    onSelect(first.id);
  };

  return (
    <div className="prp-toolbar" role="search">
      <TextField label="Search tasks" placeholder="Search by id, title or agent" value={filter.text} onValue={(text) => onFilter({ ...filter, text })} onSubmit={showFirstMatch} testId="graph-search" />
      <Select
        label="Filter by status"
        value={filter.status}
        onValue={(status) => onFilter({ ...filter, status: status as GraphFilter['status'] })}
        options={[{ value: 'all', label: 'All statuses' }, ...ALL_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))]}
        testId="graph-status-filter"
      />
      <Select
        label="Filter by agent"
        value={filter.agent}
        onValue={(agent) => onFilter({ ...filter, agent })}
        options={[{ value: 'all', label: 'All agents' }, ...agentNames.map((a) => ({ value: a, label: a }))]}
        testId="graph-agent-filter"
      />
      <span className="prp-toolbar__count" aria-live="polite">
        {active ? `${matched.length} of ${state.tasks.length} match` : `${state.tasks.length} tasks`}
      </span>
    </div>
  );
}

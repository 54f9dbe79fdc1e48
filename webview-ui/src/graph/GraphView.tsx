import { useCallback, useMemo, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { Background, BackgroundVariant, Controls, MiniMap, ReactFlow } from '@xyflow/react';
import type { FitViewOptions, Node, NodeMouseHandler } from '@xyflow/react';
import type { DashboardState } from '../../../src/shared/dashboardState';
import { CanvasMiniMap } from './CanvasMiniMap';
import { buildEdges, FlowNodeCache } from './flowElements';
import type { TaskFlowNode } from './flowElements';
import { isFilterActive, taskMatcher } from './filter';
import type { GraphFilter } from './filter';
import { TaskNode } from './TaskNode';
import { useGraphLayout } from './useGraphLayout';
import type { GraphLayout } from './layout';

/** At module scope, so React Flow never sees a new object and never re-creates the node components. */
const nodeTypes = { task: TaskNode };

/**
 * From this many tasks on, only what is in view is rendered, the first view is a readable part of the graph,
 * and the overview is one canvas instead of an SVG element per task.
 */
export const BIG_GRAPH = 300;
const DIRECTION = 'LR';
const PRO_OPTIONS = { hideAttribution: false };

function minimapClass(node: Node): string {
  const status = (node as TaskFlowNode).data?.task?.status ?? 'pending';
  return `prp-minimap-node prp-minimap-node--${status}`;
}

/** The first view of a big graph: its first ranks at a zoom where titles are readable. */
function initialFit(layout: GraphLayout, count: number): FitViewOptions {
  if (count < BIG_GRAPH) return { padding: 0.1, maxZoom: 1.2 };
  const first = layout.layers.slice(0, 3).flat().slice(0, 40);
  return { nodes: first.map((id) => ({ id })), padding: 0.2, minZoom: 0.5, maxZoom: 1 };
}

export interface GraphViewProps {
  state: DashboardState;
  filter: GraphFilter;
  selectedId: string | undefined;
  onSelect: (taskId: string | undefined) => void;
}

export function GraphView({ state, filter, selectedId, onSelect }: GraphViewProps) {
  const layout = useGraphLayout(state, DIRECTION);
  const cache = useRef(new FlowNodeCache());
  const matches = useMemo(() => (isFilterActive(filter) ? taskMatcher(filter) : undefined), [filter]);
  const nodes = useMemo(
    () => cache.current.build({ state, layout, direction: DIRECTION, selectedId, matches }),
    [state, layout, selectedId, matches],
  );
  const { dependencies, criticalPath } = state;
  const edges = useMemo(() => buildEdges(dependencies, criticalPath), [dependencies, criticalPath]);
  const big = nodes.length >= BIG_GRAPH;
  // The first fit only: later snapshots of the same graph keep the person's viewport.
  const fitOptions = useMemo(() => initialFit(layout, nodes.length), [layout, nodes.length]);

  const onNodeClick: NodeMouseHandler = useCallback((_event, node) => onSelect(node.id), [onSelect]);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const element = (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node');
      const id = element?.dataset.id;
      if (!id) return;
      event.preventDefault();
      onSelect(id);
    },
    [onSelect],
  );

  return (
    <div className="prp-graph" onKeyDown={onKeyDown} data-testid="graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={() => onSelect(undefined)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        nodesFocusable
        elementsSelectable
        onlyRenderVisibleElements={big}
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.05}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
      >
        <Background variant={BackgroundVariant.Dots} gap={24} size={1} />
        <Controls showInteractive={false} />
        {big ? (
          <CanvasMiniMap nodes={nodes} layout={layout} />
        ) : (
          <MiniMap nodeClassName={minimapClass} pannable zoomable ariaLabel="Overview of the task graph" />
        )}
      </ReactFlow>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { MouseEvent, RefObject } from 'react';
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import type { ReactFlowState } from '@xyflow/react';
import type { TaskStatus } from '../../../src/orchestrator/model';
import { ALL_STATUSES } from '../ui/format';
import { NODE_HEIGHT, NODE_WIDTH } from './flowElements';
import type { TaskFlowNode } from './flowElements';
import type { GraphLayout } from './layout';

const WIDTH = 220;
const HEIGHT = 140;

type Colours = Record<TaskStatus, string> & { viewport: string };

/** The status colours of the theme, read from the same CSS variables the nodes use. */
function themeColours(element: Element): Colours {
  const style = getComputedStyle(element);
  const colours = Object.fromEntries(ALL_STATUSES.map((s) => [s, style.getPropertyValue(`--prp-status-${s}`).trim() || '#888'])) as Record<TaskStatus, string>;
  return { ...colours, viewport: style.getPropertyValue('--prp-focus').trim() || '#0078d4' };
}

/** The theme's colours, read again when VS Code changes the theme (it changes the body's class and style). */
function useThemeColours(canvas: RefObject<HTMLCanvasElement | null>): Colours | undefined {
  const [colours, setColours] = useState<Colours | undefined>(undefined);
  useEffect(() => {
    const refresh = () => {
      if (canvas.current) setColours(themeColours(canvas.current));
    };
    refresh();
    const observer = new MutationObserver(refresh);
    observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });
    return () => observer.disconnect();
  }, [canvas]);
  return colours;
}

const selectViewport = (s: ReactFlowState) => `${s.transform[0]},${s.transform[1]},${s.transform[2]},${s.width},${s.height}`;

function draw(canvas: HTMLCanvasElement, nodes: readonly TaskFlowNode[], layout: GraphLayout, viewport: string, colours: Colours): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const scale = Math.min(WIDTH / Math.max(1, layout.width), HEIGHT / Math.max(1, layout.height));
  context.clearRect(0, 0, WIDTH, HEIGHT);
  const w = Math.max(1, NODE_WIDTH * scale);
  const h = Math.max(1, NODE_HEIGHT * scale);
  // One path per status: eight fills instead of one style change per task.
  const paths = new Map<TaskStatus, Path2D>();
  for (const node of nodes) {
    const status = node.data.task.status;
    let path = paths.get(status);
    if (!path) paths.set(status, (path = new Path2D()));
    path.rect(node.position.x * scale, node.position.y * scale, w, h);
  }
  for (const [status, path] of paths) {
    context.fillStyle = colours[status];
    context.fill(path);
  }
  const [x, y, zoom, width, height] = viewport.split(',').map(Number) as [number, number, number, number, number];
  context.strokeStyle = colours.viewport;
  context.lineWidth = 1.5;
  context.strokeRect((-x / zoom) * scale, (-y / zoom) * scale, (width / zoom) * scale, (height / zoom) * scale);
}

/**
 * The overview of a big graph: one canvas redrawn at most once per published state, instead of one SVG
 * element and one store subscription per task, which made every status update cost several frames at
 * 1000 tasks. Clicking it centres the view on that point.
 */
export function CanvasMiniMap({ nodes, layout }: { nodes: readonly TaskFlowNode[]; layout: GraphLayout }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const colours = useThemeColours(canvas);
  const viewport = useStore(selectViewport);
  const flow = useReactFlow();
  useEffect(() => {
    if (canvas.current && colours) draw(canvas.current, nodes, layout, viewport, colours);
  }, [nodes, layout, viewport, colours]);
  const onClick = (event: MouseEvent<HTMLCanvasElement>) => {
    const scale = Math.min(WIDTH / Math.max(1, layout.width), HEIGHT / Math.max(1, layout.height));
    const box = event.currentTarget.getBoundingClientRect();
    void flow.setCenter((event.clientX - box.left) / scale, (event.clientY - box.top) / scale, { zoom: flow.getZoom(), duration: 150 });
  };
  return (
    <Panel position="bottom-right" className="prp-minimap">
      <canvas ref={canvas} width={WIDTH} height={HEIGHT} onClick={onClick} role="img" aria-label={`Overview of ${nodes.length} tasks; click to move the view there`} />
    </Panel>
  );
}

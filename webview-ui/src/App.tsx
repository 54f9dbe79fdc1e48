import { useCallback, useEffect, useState } from 'react';
import type { KeyboardEvent, ReactElement } from 'react';
import { AgentsPanel } from './agents/AgentsPanel';
import { DetailsPanel } from './details/DetailsPanel';
import { GraphPanel } from './graph/GraphPanel';
import { MetricsView } from './metrics/MetricsView';
import { RunHeader } from './run/RunHeader';
import { useStore, useViewState } from './state/useDashboard';
import { Notices } from './ui/Notices';

type View = 'graph' | 'agents' | 'metrics';
const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'graph', label: 'Graph' },
  { id: 'agents', label: 'Agents' },
  { id: 'metrics', label: 'Metrics' },
];

/** Puts focus back on a task's graph node, e.g. after its details close. */
function focusNode(taskId: string): void {
  const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(taskId)}"]`);
  node?.focus();
}

function Tabs({ view, onView }: { view: View; onView: (view: View) => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = VIEWS.findIndex((v) => v.id === view);
    const next = VIEWS[(index + (event.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length]!;
    onView(next.id);
    document.getElementById(`prp-tab-${next.id}`)?.focus();
  };
  return (
    <div className="prp-tabs" role="tablist" aria-label="Dashboard views" onKeyDown={onKeyDown}>
      {VIEWS.map((v) => (
        <button
          key={v.id}
          id={`prp-tab-${v.id}`}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          aria-controls={`prp-view-${v.id}`}
          tabIndex={view === v.id ? 0 : -1}
          className="prp-tab"
          onClick={() => onView(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}

/** The whole dashboard: run header, the three views, and the details of the selected task. */
export function App() {
  const store = useStore();
  const view = useViewState();
  const [tab, setTab] = useState<View>('graph');
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined);
  const close = useCallback(() => {
    setSelectedId((id) => {
      if (id) requestAnimationFrame(() => focusNode(id));
      return undefined;
    });
  }, []);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [close]);

  const state = view.dashboard;
  if (!state) {
    return (
      <div className="prp-app prp-app--empty">
        <Notices notices={view.notices} onDismiss={(id) => store.dismissNotice(id)} />
        <p className="prp-pad" role="status">
          {view.connection === 'closed' ? 'Cannot reach the host; retrying…' : 'Waiting for the run…'}
        </p>
      </div>
    );
  }
  // The graph stays mounted when hidden (mounting a big one again is slow); the other views are cheap to mount
  // and are rendered only while shown, so live updates do not lay out tables nobody sees.
  const pane = (id: View, content: ReactElement) => (
    <div id={`prp-view-${id}`} role="tabpanel" aria-labelledby={`prp-tab-${id}`} className={`prp-view${tab === id ? '' : ' prp-view--hidden'}`} inert={tab !== id}>
      {content}
    </div>
  );
  return (
    <div className="prp-app">
      <RunHeader state={state} host={store.host} connection={view.connection} receivedAt={view.receivedAt} />
      <Notices notices={view.notices} onDismiss={(id) => store.dismissNotice(id)} />
      <Tabs view={tab} onView={setTab} />
      <main className="prp-main">
        <div className="prp-views">
          {pane('graph', <GraphPanel state={state} selectedId={selectedId} onSelect={setSelectedId} />)}
          {tab === 'agents' && pane('agents', <AgentsPanel state={state} onSelectTask={setSelectedId} />)}
          {tab === 'metrics' && pane('metrics', <MetricsView state={state} history={view.history} host={store.host} />)}
        </div>
        {selectedId && <DetailsPanel key={selectedId} state={state} taskId={selectedId} host={store.host} onClose={close} onSelect={setSelectedId} />}
      </main>
    </div>
  );
}

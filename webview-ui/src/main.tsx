/**
 * Entry of the dashboard bundle (dist/webview/main.js + main.css). The page only has to load both; the
 * root element is created when the page has none.
 */
import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installBenchHooks } from './dev/benchHooks';
import { createHost } from './host/createHost';
import { DashboardStore } from './state/dashboardStore';
import { StoreContext } from './state/useDashboard';

function rootElement(): HTMLElement {
  const existing = document.getElementById('root');
  if (existing) return existing;
  const created = document.createElement('div');
  created.id = 'root';
  document.body.appendChild(created);
  return created;
}

const { host, fake } = createHost();
const store = new DashboardStore(host);
if (fake) installBenchHooks(fake, store);
store.start();
createRoot(rootElement()).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);

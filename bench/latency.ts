/**
 * Latency of the browser dashboard: from the moment an agent reports progress (the runner's `onProgress`) to
 * the moment the event reaches the dashboard page in Chromium, through the whole pipeline of
 * `prp-orchestrator dashboard`: engine, durable store (journal write), session delivery, the dashboard
 * state, the hub's batching and the WebSocket. Both ends stamp epoch time in high resolution
 * (`performance.timeOrigin + performance.now()`), on the same machine's clock.
 *
 * Arrival is taken by a listener the page's WebSocket gets before the dashboard's own; "painted" is the
 * start of the first animation frame after it, when the dashboard has applied the event to its state.
 * The baseline, in the same run and the same browser, is a raw WebSocket server sending the same messages
 * at the same pace without any of the pipeline.
 *
 * `npx tsx bench/latency.ts` (needs `npm run build` for dist/webview and Debian's /usr/bin/chromium);
 * `--events N` per round (default 300), `--interval-ms N` between progress reports (default 10), `--rounds N`
 * (default 2; rounds alternate between the baseline and the dashboard).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { WebSocketServer } from 'ws';
import { startDashboardServer } from '../src/cli/dashboard/httpServer';
import { DashboardHub } from '../src/cli/dashboard/hub';
import { planState } from '../src/cli/dashboard/initialState';
import { RunControl } from '../src/cli/dashboard/runControl';
import { openStore, startOrchestration } from '../src/orchestrator/index';
import type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from '../src/orchestrator/index';
import { launchChromium } from '../test/e2e/support/browser';
import { renderTable, type BenchModule, type BenchRow } from './table';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples/add-auth');
const TARGET_MS = 50;
const SEED_TARGET_MS = 100;
/** The task whose agent reports progress; the others finish at once. */
const BENCH_TASK = 'T1';

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} expects a whole number of at least 1; received "${process.argv[at + 1]}".`);
  return value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An agent that, once released, reports `count` progress lines `intervalMs` apart, each stamped with its send time. */
class ReportingRunner implements AgentRunner {
  readonly name = 'bench-reporter';
  constructor(
    private readonly count: number,
    private readonly intervalMs: number,
    private readonly go: Promise<void>,
  ) {}

  async run(request: RunRequest, _signal: AbortSignal, onProgress: (progress: RunnerProgress) => void): Promise<RunnerResult> {
    if (request.task.id !== BENCH_TASK) return { ok: true, summary: 'nothing to report' };
    await this.go;
    for (let i = 0; i < this.count; i++) {
      await sleep(this.intervalMs);
      onProgress({ message: `bench ${i} ${epochNow()}` });
    }
    return { ok: true, summary: `reported ${this.count} lines` };
  }
}

/**
 * Runs in the page before any of its scripts: every WebSocket gets a first message listener that stamps the
 * arrival of each `bench <i> <sentAt>` progress line, and the start of the next animation frame.
 */
const PAGE_HOOK = `(() => {
  const state = { arrival: [], painted: [], longTasks: [], snapshot: false };
  window.__latency = state;
  new PerformanceObserver((list) => {
    if (state.arrival.length > 0) for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  const now = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  function record(data) {
    const at = now();
    if (typeof data !== 'string') return;
    if (data.startsWith('{"type":"snapshot"')) state.snapshot = true;
    if (!data.includes('bench ')) return;
    const message = JSON.parse(data);
    for (const event of message.events || []) {
      const match = /^bench \\d+ ([\\d.]+)$/.exec(event.message || '');
      if (!match) continue;
      const sent = Number(match[1]);
      state.arrival.push(at - sent);
      requestAnimationFrame(() => state.painted.push(now() - sent));
    }
  }
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => record(event.data));
    }
  };
})();`;

type Config = 'baseline' | 'bare' | 'dashboard';

interface Samples {
  arrival: number[];
  painted: number[];
  /** Durations of the page's main-thread tasks over 50 ms while the events came. */
  longTasks: number[];
  /** Only for the pipeline: when the event was in the server's dashboard state, ready to send. */
  server?: number[];
}

/** Opens `url` with the hook, waits for the snapshot, releases the reports and collects `count` samples. */
async function measurePage(browser: Browser, url: string, count: number, release: () => void): Promise<Samples> {
  const page = await browser.newPage();
  try {
    await page.addInitScript(PAGE_HOOK);
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __latency: { snapshot: boolean } }).__latency.snapshot, undefined, { timeout: 30_000 });
    // The first render of the graph is not what is measured: let it settle before the reports start.
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 500)))));
    release();
    await page.waitForFunction((n) => (window as unknown as { __latency: Samples }).__latency.painted.length >= n, count, { timeout: 120_000, polling: 200 });
    return await page.evaluate(() => (window as unknown as { __latency: Samples }).__latency);
  } finally {
    await page.close();
  }
}

/** The real pipeline: a run through the session API into a store, served by the dashboard server. */
async function dashboardSamples(browser: Browser, count: number, intervalMs: number, assetsDir: string): Promise<Samples> {
  const dir = mkdtempSync(path.join(tmpdir(), 'prp-bench-latency-'));
  const store = await openStore({ dir: path.join(dir, 'db') });
  let release = () => {};
  const go = new Promise<void>((resolve) => (release = resolve));
  try {
    const orchestration = await startOrchestration({
      prpPath: path.join(EXAMPLE, 'PRPs/add-auth.md'),
      workspaceDir: dir,
      agentsDirs: [path.join(EXAMPLE, '.claude/agents')],
      userAgentsDir: null,
      store,
      runner: new ReportingRunner(count, intervalMs, go),
    });
    const hub = new DashboardHub(planState(orchestration.plan, { runId: orchestration.runId }));
    const control = new RunControl({ hub, workspaceDir: dir, readStore: () => store, writer: async () => store, resume: () => Promise.reject(new Error('no resume in the bench')), tell: () => {} });
    control.attach(orchestration);
    // Registered after the hub's own listener: the event is durable and in the state the clients follow.
    const server: number[] = [];
    orchestration.onEvent((event) => {
      const sent = event.type === 'task.progress' ? /^bench \d+ ([\d.]+)$/.exec(event.message)?.[1] : undefined;
      if (sent !== undefined) server.push(epochNow() - Number(sent));
    });
    const http = await startDashboardServer({ hub, actions: control, assetsDir });
    try {
      return { ...(await measurePage(browser, http.url, count, release)), server };
    } finally {
      release();
      await orchestration.done;
      await http.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A page with no dashboard UI: it only opens the dashboard's WebSocket and sends `ready`. With it the
 * pipeline's own cost (server and socket) shows apart from the time the page's rendering holds messages up.
 */
function barePageAssets(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'prp-bench-bare-page-'));
  const script = `const token = new URLSearchParams(location.search).get('token');
const ws = new WebSocket('ws://' + location.host + '/ws?token=' + encodeURIComponent(token));
ws.onopen = () => ws.send(JSON.stringify({ type: 'ready', protocol: 1 }));`;
  writeFileSync(path.join(dir, 'main.js'), script);
  writeFileSync(path.join(dir, 'main.css'), '');
  return dir;
}

/** The baseline: the same messages at the same pace from a bare WebSocket server to a bare page. */
async function baselineSamples(browser: Browser, count: number, intervalMs: number): Promise<Samples> {
  const http = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end('<!doctype html><script>new WebSocket(`ws://${location.host}/`)</script>');
  });
  const wss = new WebSocketServer({ server: http });
  let release = () => {};
  const go = new Promise<void>((resolve) => (release = resolve));
  wss.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'snapshot', protocol: 1, state: {} }));
    void go.then(async () => {
      for (let i = 0; i < count; i++) {
        await sleep(intervalMs);
        const event = { type: 'task.progress', taskId: BENCH_TASK, agent: 'bench', message: `bench ${i} ${epochNow()}` };
        ws.send(JSON.stringify({ type: 'events', fromVersion: i, events: [event] }));
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  try {
    return await measurePage(browser, `http://127.0.0.1:${(http.address() as AddressInfo).port}/`, count, release);
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function caseRow(label: string, samples: number[], p: number, baseline?: number[], target?: string, limit?: number): BenchRow {
  const value = percentile(samples, p);
  return {
    benchmark: 'latency',
    case: `${label}, p${p}`,
    value,
    unit: 'ms',
    baseline: baseline ? { name: 'raw WebSocket', value: percentile(baseline, p) } : undefined,
    target,
    pass: limit === undefined ? undefined : value < limit,
  };
}

function rows(dashboard: Samples, bare: Samples, baseline: Samples, count: number): BenchRow[] {
  const n = `${count} events`;
  return [
    caseRow(`agent progress → server dashboard state (durable), ${n}`, dashboard.server ?? [], 50),
    caseRow(`agent progress → server dashboard state (durable), ${n}`, dashboard.server ?? [], 99),
    caseRow(`agent progress → page without UI (pipeline only), ${n}`, bare.arrival, 50, baseline.arrival),
    caseRow(`agent progress → page without UI (pipeline only), ${n}`, bare.arrival, 99, baseline.arrival),
    caseRow(`agent progress → dashboard page, arrival, ${n}`, dashboard.arrival, 50, baseline.arrival),
    caseRow(`agent progress → dashboard page, arrival, ${n}`, dashboard.arrival, 99, baseline.arrival, `< ${TARGET_MS} ms (seed < ${SEED_TARGET_MS} ms)`, TARGET_MS),
    caseRow(`agent progress → dashboard page, next frame, ${n}`, dashboard.painted, 50, baseline.painted),
    caseRow(`agent progress → dashboard page, next frame, ${n}`, dashboard.painted, 99, baseline.painted, `< ${SEED_TARGET_MS} ms (seed)`, SEED_TARGET_MS),
    {
      benchmark: 'latency',
      case: `dashboard page main thread in tasks > 50 ms while events came (${dashboard.longTasks.length} tasks, longest ${Math.round(Math.max(0, ...dashboard.longTasks))} ms)`,
      value: dashboard.longTasks.reduce((a, b) => a + b, 0),
      unit: 'ms',
    },
  ];
}

/** Joins the samples of several rounds. */
function merge(rounds: Samples[]): Samples {
  return {
    arrival: rounds.flatMap((r) => r.arrival),
    painted: rounds.flatMap((r) => r.painted),
    longTasks: rounds.flatMap((r) => r.longTasks),
    server: rounds.some((r) => r.server) ? rounds.flatMap((r) => r.server ?? []) : undefined,
  };
}

export const run: BenchModule = async () => {
  const count = option('--events', 300);
  const intervalMs = option('--interval-ms', 10);
  const rounds = option('--rounds', 2);
  if (!existsSync(path.join(ROOT, 'dist/webview/main.js'))) throw new Error('dist/webview/main.js is missing: run `npm run build` first.');
  const browser = await launchChromium(process.env.PRP_E2E_CHROMIUM ?? '/usr/bin/chromium');
  const bare = barePageAssets();
  try {
    // Alternating rounds, so a burst of load on the shared machine falls on every configuration alike.
    const samples: Record<Config, Samples[]> = { baseline: [], bare: [], dashboard: [] };
    for (let round = 0; round < rounds; round++) {
      samples.baseline.push(await baselineSamples(browser, count, intervalMs));
      samples.bare.push(await dashboardSamples(browser, count, intervalMs, bare));
      samples.dashboard.push(await dashboardSamples(browser, count, intervalMs, path.join(ROOT, 'dist/webview')));
    }
    return rows(merge(samples.dashboard), merge(samples.bare), merge(samples.baseline), count * rounds);
  } finally {
    await browser.close();
    rmSync(bare, { recursive: true, force: true });
  }
};

if (process.argv[1]?.endsWith('latency.ts')) {
  run().then(
    (result) => console.log(renderTable(result)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}

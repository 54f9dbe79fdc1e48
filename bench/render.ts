/**
 * The dashboard's rendering in Chromium, on the bench page (dist/webview/bench.html: the production bundle
 * on a generated run held by an in-page host that speaks the real protocol):
 * - layout and first render of a 1000- and a 2000-task graph: wall time from the snapshot's arrival to the
 *   first frame with nodes and edges drawn, and the renderer main thread's CPU time from navigation to that
 *   frame (script load, generating the run, layout and render: an upper bound of what the snapshot costs);
 * - 100 status updates a second, one `events` message each, on the 1000-task graph: frame intervals against
 *   the idle intervals of the same page, and the main thread's extra CPU time per rendered update;
 * - our layered layout against @dagrejs/dagre (default settings) on the same graphs, in Node.
 *
 * The machine is shared: wall times move with its load (printed first), CPU times much less, so both are
 * shown and the targets are judged on CPU time, which is what the wall time is on an idle core.
 *
 * Needs the bundle: `npm run build` first (`npm run bench` does it). Runnable alone: `npx tsx bench/render.ts`.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Graph, layout as dagreLayout } from '@dagrejs/dagre';
import { chromium } from 'playwright-core';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { sampleGraph } from '../webview-ui/src/dev/sampleRun';
import { layoutGraph } from '../webview-ui/src/graph/layout';
import type { BenchModule, BenchRow } from './table';
import { renderTable } from './table';

const PAGE = path.resolve(__dirname, '..', 'dist', 'webview', 'bench.html');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const FRAME_MS = 1000 / 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** CPU time of the renderer's main thread so far, in ms. */
async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0) * 1000;
}

async function openPage(browser: Browser, tasks: number): Promise<{ page: Page; cdp: CDPSession; cpuBefore: number }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpuBefore = await threadMs(cdp);
  await page.goto(`${pathToFileURL(PAGE).href}?tasks=${tasks}`);
  return { page, cdp, cpuBefore };
}

async function firstRender(browser: Browser, tasks: number): Promise<{ wallMs: number; cpuMs: number; layoutMs: number }> {
  const { page, cdp, cpuBefore } = await openPage(browser, tasks);
  const drawnAt = await page.waitForFunction(
    () => (document.querySelector('.react-flow__node') && document.querySelector('.react-flow__edge-path') ? performance.now() : 0),
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  const cpuMs = (await threadMs(cdp)) - cpuBefore;
  const drawn = (await drawnAt.jsonValue()) as number;
  const snapshot = await page.evaluate(() => performance.getEntriesByName('prp:snapshot-received')[0]?.startTime ?? 0);
  const layoutMs = await page.evaluate(() => window.prpBench!.layout().lastMs);
  await page.close();
  return { wallMs: drawn - snapshot, cpuMs, layoutMs };
}

interface UpdateTrial {
  idle: number[];
  streaming: number[];
  sent: number;
  version: number;
  /** Extra main-thread CPU per published state (one render) while updates stream in. */
  cpuPerRenderMs: number;
  renders: number;
}

/** Idle frames for `durationMs`, then the same time with `perSecond` status updates streaming in. */
async function updateTrial(browser: Browser, tasks: number, perSecond: number, durationMs: number): Promise<UpdateTrial> {
  const { page, cdp } = await openPage(browser, tasks);
  await page.waitForSelector('.react-flow__edge-path', { timeout: 120_000 });
  await page.evaluate(() => window.prpBench!.frameTimes(1000));
  const cpu0 = await threadMs(cdp);
  const idle = await page.evaluate((ms) => window.prpBench!.frameTimes(ms), durationMs);
  const cpu1 = await threadMs(cdp);
  const published = await page.evaluate(() => window.prpBench!.publishes());
  const [streaming, sent] = await page.evaluate(
    ([rate, ms]) => Promise.all([window.prpBench!.frameTimes(ms), window.prpBench!.streamUpdates(rate, ms)]),
    [perSecond, durationMs] as const,
  );
  const cpu2 = await threadMs(cdp);
  const renders = (await page.evaluate(() => window.prpBench!.publishes())) - published;
  // Under load some messages may still be queued when the stream ends: give them time to land.
  await page.waitForFunction((expected) => window.prpBench!.version() >= expected, sent + 1, { timeout: 10_000 }).catch(() => undefined);
  const version = await page.evaluate(() => window.prpBench!.version());
  await page.close();
  const extraCpu = cpu2 - cpu1 - (cpu1 - cpu0);
  return { idle, streaming, sent, version, renders, cpuPerRenderMs: extraCpu / Math.max(1, renders) };
}

/** Median CPU time of `run` in this process, in ms. */
function cpuMs(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  return median(times);
}

function dagreMs(count: number): number {
  const graph = sampleGraph(count);
  return cpuMs(() => {
    const g = new Graph();
    g.setGraph({ rankdir: 'LR' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const t of graph.tasks) g.setNode(t.id, { width: 220, height: 76 });
    for (const d of graph.dependencies) g.setEdge(d.from, d.to);
    dagreLayout(g);
  }, 1);
}

function layoutRows(): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const count of [500, 1000, 2000]) {
    const graph = sampleGraph(count);
    const ids = graph.tasks.map((t) => t.id);
    // Warm: the dashboard lays out graphs in a long-lived page, not once in a cold one.
    cpuMs(() => layoutGraph(ids, graph.dependencies), 3);
    const ours = cpuMs(() => layoutGraph(ids, graph.dependencies), 9);
    // dagre needs seconds at 500 tasks and minutes at 2000 on this machine: it is measured at 500 only.
    const baseline = count === 500 ? { name: 'dagre', value: dagreMs(count) } : undefined;
    rows.push({ benchmark: 'render', case: `layout, ${count} tasks (${graph.dependencies.length} edges), Node, CPU, warm median of 9`, value: ours, unit: 'ms', ...(baseline ? { baseline } : {}), target: '< 10 ms', pass: ours < 10 });
  }
  return rows;
}

async function firstRenderRows(browser: Browser): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [count, target] of [
    [1000, 1000],
    [2000, 1500],
  ] as const) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await firstRender(browser, count));
    const cpu = median(runs.map((r) => r.cpuMs));
    rows.push({ benchmark: 'render', case: `${count} tasks: navigation to first frame with graph, main-thread CPU, median of 3`, value: cpu, unit: 'ms', target: `< ${target} ms`, pass: cpu < target });
    rows.push({ benchmark: 'render', case: `${count} tasks: snapshot to first frame with graph, wall, median of 3`, value: median(runs.map((r) => r.wallMs)), unit: 'ms' });
    rows.push({ benchmark: 'render', case: `${count} tasks: layout in Chromium, wall`, value: median(runs.map((r) => r.layoutMs)), unit: 'ms' });
  }
  return rows;
}

async function updateRows(browser: Browser): Promise<BenchRow[]> {
  const trials: UpdateTrial[] = [];
  for (let i = 0; i < 3; i++) trials.push(await updateTrial(browser, 1000, 100, 3000));
  const cpu = median(trials.map((t) => t.cpuPerRenderMs));
  // The trial with the median extra frame time stands for the frame intervals.
  trials.sort((a, b) => mean(a.streaming) - mean(a.idle) - (mean(b.streaming) - mean(b.idle)));
  const t = trials[1]!;
  return [
    { benchmark: 'render', case: '1000 tasks, 100 updates/s: extra main-thread CPU per rendered update, median of 3', value: cpu, unit: 'ms', target: `< ${FRAME_MS.toFixed(1)} ms (fits one frame)`, pass: cpu < FRAME_MS },
    { benchmark: 'render', case: `1000 tasks, ${t.sent} updates in ${t.renders} renders: mean frame interval, wall`, value: mean(t.streaming), unit: 'ms', baseline: { name: 'idle', value: mean(t.idle) } },
    { benchmark: 'render', case: '1000 tasks, 100 updates/s: every update shown (final version)', value: t.version, unit: 'events', target: `= ${t.sent + 1}`, pass: t.version === t.sent + 1 },
  ];
}

export const run: BenchModule = async () => {
  if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: build the webview first with \`npm run build\`.`);
  const rows: BenchRow[] = [{ benchmark: 'render', case: 'machine load at start (1-minute load average, wall times scale with it)', value: loadavg()[0]!, unit: 'procs' }];
  rows.push(...layoutRows());
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  try {
    rows.push(...(await firstRenderRows(browser)));
    rows.push(...(await updateRows(browser)));
  } finally {
    await browser.close();
  }
  return rows;
};

if (process.argv[1]?.endsWith('render.ts')) {
  void run().then((rows) => console.log(renderTable(rows)));
}

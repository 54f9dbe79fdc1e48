/**
 * Activation time of the extension in a real VS Code (code-server 4.139, Node 24), as VS Code itself measures
 * it: the "Running Extensions" view's number, which is the extension's code loading time plus its `activate()`
 * call. The extension is installed from a .vsix of the current dist/ (run `npm run build` or `npm run package`
 * first). The baseline is an empty extension (an `activate()` that registers one command), installed and
 * activated the same way in the same windows, so the table shows what our activation costs on top of VS Code's
 * own fixed cost; it has the same activation events as ours, so both activate at the same moment. Each round
 * is a fresh code-server and extension host; the value is the median of the rounds.
 * `npx tsx bench/activation.ts` (needs `bash scripts/e2e-tools.sh` once); `--rounds N` (default 3).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePrp, planPrp } from '../src/orchestrator/index';
import { ownExtensionName, readActivationTime } from '../test/e2e/support/activation';
import { VsCodeSession } from '../test/e2e/support/session';
import { packageVsix, REPO_ROOT } from '../test/e2e/support/vsix';
import { renderTable, type BenchModule, type BenchRow } from './table';

const TARGET_MS = 100;
const BASELINE_NAME = 'prp-bench-empty';
const BASELINE_COMMAND = 'PRP Bench: Empty Extension Hello';

function ownManifest(): { activationEvents?: string[] } {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { activationEvents?: string[] };
}

/** Writes and packages the empty baseline extension; returns its .vsix. */
function baselineVsix(dir: string): string {
  const source = path.join(dir, 'baseline');
  mkdirSync(source, { recursive: true });
  const manifest = {
    name: BASELINE_NAME,
    displayName: 'PRP Bench Empty',
    description: 'The smallest extension that activates on a command: the baseline of bench/activation.ts.',
    version: '0.0.1',
    publisher: 'prp-bench',
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    // The same activation events as ours, so both activate at the same moment (at start-up when the
    // workspace holds a PRP) and share the same contention.
    activationEvents: ownManifest().activationEvents ?? [],
    main: './extension.js',
    contributes: { commands: [{ command: 'prpBench.empty.hello', title: 'Empty Extension Hello', category: 'PRP Bench' }] },
  };
  writeFileSync(path.join(source, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    path.join(source, 'extension.js'),
    "const vscode = require('vscode');\n" +
      "exports.activate = (context) => { context.subscriptions.push(vscode.commands.registerCommand('prpBench.empty.hello', () => undefined)); };\n" +
      'exports.deactivate = () => undefined;\n',
  );
  writeFileSync(path.join(source, 'README.md'), '# PRP Bench Empty\n\nThe baseline extension of the activation benchmark.\n');
  writeFileSync(path.join(source, 'LICENSE'), 'MIT\n');
  return packageVsix(path.join(dir, 'baseline.vsix'), source);
}

/** One round: a fresh window, both extensions activated by a command, both times read from VS Code. */
async function round(index: number, vsix: string, baseline: string): Promise<{ ours: number; empty: number }> {
  const session = await VsCodeSession.start({ name: `bench-activation-${index}`, vsix, alsoInstall: [baseline] });
  try {
    await session.openFile('PRPs/add-auth.md');
    await session.runCommand('PRP: Preview Plan');
    // Let the preview finish drawing (whatever view it uses) before the next command, as a person would.
    const prpPath = path.join(session.workspaceDir, 'PRPs', 'add-auth.md');
    const firstTask = planPrp(parsePrp(readFileSync(prpPath, 'utf8'), { path: prpPath })).graph.tasks[0];
    if (firstTask) await session.waitForTextAnywhere(firstTask.title, 60_000);
    await session.runCommand(BASELINE_COMMAND);
    const ours = await readActivationTime(session, ownExtensionName());
    const empty = await readActivationTime(session, BASELINE_NAME);
    await session.screenshot('running-extensions');
    return { ours: ours.ms, empty: empty.ms };
  } finally {
    await session.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function roundsFromArgv(): number {
  const at = process.argv.indexOf('--rounds');
  const value = at >= 0 ? Number(process.argv[at + 1]) : 3;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--rounds expects a whole number of at least 1; received "${process.argv[at + 1]}".`);
  return value;
}

export const run: BenchModule = async () => {
  const rounds = roundsFromArgv();
  const dir = mkdtempSync(path.join(tmpdir(), 'prp-bench-activation-'));
  try {
    const vsix = packageVsix(path.join(dir, 'prp-orchestrator.vsix'));
    const baseline = baselineVsix(dir);
    const results: Array<{ ours: number; empty: number }> = [];
    for (let i = 1; i <= rounds; i++) results.push(await round(i, vsix, baseline));
    const ours = median(results.map((r) => r.ours));
    const bundleKb = Math.round(statSync(path.join(REPO_ROOT, 'dist', 'extension.js')).size / 1024);
    const rows: BenchRow[] = [
      {
        benchmark: 'activation',
        case: `PRP Orchestrator from .vsix in code-server, load + activate (dist/extension.js ${bundleKb} KB)`,
        value: ours,
        unit: `ms (median of ${rounds} windows)`,
        baseline: { name: 'empty extension', value: median(results.map((r) => r.empty)) },
        target: `< ${TARGET_MS} ms`,
        pass: ours < TARGET_MS,
      },
    ];
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

if (process.argv[1]?.endsWith('activation.ts')) {
  run()
    .then((rows) => process.stdout.write(`${renderTable(rows)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

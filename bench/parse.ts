/**
 * Parse time of every PRP in ../shared/prp-corpus (or, where that folder is absent, of the parser's own
 * fixtures) and of a 5 MB file made of them. The baseline is markdown-it's plain `parse` of the same text,
 * timed in the same run, so the table shows what the PRP reading costs on top of tokenising the markdown.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { parsePrp } from '../src/orchestrator/prp';
import { renderTable, type BenchModule, type BenchRow } from './table';

const CORPUS = path.resolve(__dirname, '../../shared/prp-corpus');
const FIXTURES = path.resolve(__dirname, '../test/fixtures/prp');
const FILE_TARGET_MS = 50;
const LARGE_TARGET_MS = 5000;
const LARGE_BYTES = 5_000_000;

function inputs(): { label: string; files: Array<{ name: string; text: string }> } {
  const dir = existsSync(CORPUS) ? CORPUS : FIXTURES;
  const names = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
  return { label: dir === CORPUS ? 'corpus' : 'fixture', files: names.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') })) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median milliseconds of `runs` timings of each function, run alternately so machine noise hits both alike. */
function timePair(runs: number, warmup: number, ours: () => unknown, baseline: () => unknown): [number, number] {
  for (let i = 0; i < warmup; i++) {
    ours();
    baseline();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    ours();
    a.push(performance.now() - start);
    start = performance.now();
    baseline();
    b.push(performance.now() - start);
  }
  return [median(a), median(b)];
}

/** `coleam00__Archon__fix-claude-cli-integration.md` → `Archon/fix-claude-cli-integration`. */
function shortName(file: string): string {
  const parts = file.replace(/\.md$/, '').split('__');
  return parts.length >= 3 ? `${parts[1]}/${parts.slice(2).join('__')}` : parts.join('/');
}

export const run: BenchModule = async () => {
  const markdown = new MarkdownIt();
  const { label, files } = inputs();
  const rows: BenchRow[] = [];
  for (const { name, text } of files) {
    const [ours, base] = timePair(21, 10, () => parsePrp(text, { path: name }), () => markdown.parse(text, {}));
    rows.push({
      benchmark: 'parse',
      case: `${label} ${shortName(name)} (${parsePrp(text).tasks.length} tasks)`,
      value: ours,
      unit: 'ms (median of 21)',
      baseline: { name: 'markdown-it parse', value: base },
      target: `< ${FILE_TARGET_MS} ms`,
      pass: ours < FILE_TARGET_MS,
    });
  }
  const unit = files.map((f) => f.text).join('\n');
  const large = unit.repeat(Math.ceil(LARGE_BYTES / Math.max(1, unit.length))).slice(0, LARGE_BYTES);
  const [ours, base] = timePair(3, 1, () => parsePrp(large), () => markdown.parse(large, {}));
  rows.push({
    benchmark: 'parse',
    case: `5 MB of ${label} PRPs concatenated`,
    value: ours,
    unit: 'ms (median of 3)',
    baseline: { name: 'markdown-it parse', value: base },
    target: `< ${LARGE_TARGET_MS} ms`,
    pass: ours < LARGE_TARGET_MS,
  });
  return rows;
};

if (process.argv[1]?.endsWith(`${path.sep}parse.ts`) || process.argv[1]?.endsWith('/parse.ts')) {
  run()
    .then((rows) => process.stdout.write(`${renderTable(rows)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}

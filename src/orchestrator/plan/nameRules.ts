/**
 * Dependencies that come from names rather than file paths: a task that uses a symbol an earlier task
 * defines (`uses-symbol`), imports a package an earlier task installs (`uses-package`), or tests code an
 * earlier task writes (`tests-code`). Each rule looks names up in an index of what earlier tasks provided,
 * so a task's cost grows with its own text, not with the number of tasks.
 */
import type { DependencyReason, PrpTask } from '../model';
import { addedPackages, importedPackages, isDistinctivePackage, mentionedPackage, packageKey } from './packages';
import { SymbolIndex } from './symbolIndex';
import { definedSymbols } from './symbols';
import { codeStem, isCodePath, testFacts, type TestFacts } from './testTasks';
import type { TextScan } from './textScan';

export type Link = (from: number, reason: DependencyReason, detail: string) => void;

/** One file a task writes, as the walk in infer.ts sees it. */
export interface WrittenFile {
  key: string;
  file: string;
  role: 'create' | 'delete' | 'write';
}

/** What infer.ts knows about the task being visited. */
export interface VisitState {
  /** Reasons of the edges the task has so far. */
  reasons: Set<DependencyReason>;
  /** Every task it follows so far, explicitly or by inference. */
  predecessors: Set<number>;
  /** True when the author stated dependencies for it. */
  explicit: boolean;
}

/** Reasons that show a test task names the code it tests. */
const NAMING_REASONS: ReadonlySet<DependencyReason> = new Set(['imports-file', 'creates-file', 'uses-symbol', 'tests-code']);

/** Names shown in one edge's detail before the rest are summarised. */
const DETAIL_NAMES = 3;

const MANIFEST = /(?:^|\/)(?:package\.json|pyproject\.toml|requirements[\w.-]*\.txt|cargo\.toml|composer\.json|gemfile|go\.mod)$/;

export class NameRules {
  private readonly symbols = new SymbolIndex();
  private readonly packages = new Map<string, { task: number; name: string }>();
  /** Keys of installed packages whose names are specific enough to count in prose. */
  private readonly proseKeys = new Set<string>();
  /** Code files by stem, with the task that last wrote each. */
  private readonly stems = new Map<string, { task: number; file: string }>();
  /** Code-writing tasks that no later code-writing task depends on yet, each with one of its files. */
  private readonly frontier = new Map<number, string>();

  /**
   * Links task `self` to the earlier tasks whose names it uses, then records what it provides. `link` must
   * add each edge's reason and source to `state`, which arrives holding what the file rules found.
   */
  visit(task: PrpTask, self: number, scan: TextScan, writes: readonly WrittenFile[], link: Link, state: VisitState): void {
    const keys = writes.map((w) => w.key);
    const defined = definedSymbols(task, scan);
    const added = addedPackages(scan.text, keys.some((k) => MANIFEST.test(k)), scan);
    this.linkSymbols(scan, new Set(defined), link);
    this.linkPackages(scan, new Set(added), link);
    const facts = testFacts(task, keys);
    if (facts.isTest) this.linkTests(facts, state.explicit || [...state.reasons].some((r) => NAMING_REASONS.has(r)), link);
    this.register(self, scan.text, defined, added, writes, facts, state.predecessors);
  }

  private linkSymbols(scan: TextScan, own: ReadonlySet<string>, link: Link): void {
    const names = new Map<number, string[]>();
    this.symbols.forEachMention(scan, (name) => {
      const from = this.symbols.definerOf(name);
      if (from === undefined || own.has(name)) return;
      const list = names.get(from) ?? [];
      if (!list.includes(name)) list.push(name);
      names.set(from, list);
    });
    for (const [from, list] of names) link(from, 'uses-symbol', summarise(list));
  }

  private linkPackages(scan: TextScan, own: ReadonlySet<string>, link: Link): void {
    if (this.packages.size === 0) return;
    const used = new Set(importedPackages(scan.text, scan));
    if (this.proseKeys.size > 0) {
      for (const token of scan.tokens) {
        const key = token.length >= 5 ? mentionedPackage(token) : undefined;
        if (key !== undefined && this.proseKeys.has(key)) used.add(key);
      }
    }
    const linked = new Set<number>();
    for (const key of used) {
      const adder = this.packages.get(key);
      if (adder === undefined || own.has(key) || linked.has(adder.task)) continue;
      linked.add(adder.task);
      link(adder.task, 'uses-package', adder.name);
    }
  }

  private linkTests(facts: TestFacts, named: boolean, link: Link): void {
    const linked = new Set<number>();
    const test = (entry: { task: number; file: string } | undefined) => {
      if (entry === undefined || linked.has(entry.task)) return;
      linked.add(entry.task);
      link(entry.task, 'tests-code', entry.file);
    };
    for (const subject of facts.subjects) test(this.stems.get(subject));
    if (facts.globs.length > 0) {
      for (const [stem, entry] of this.stems) if (facts.globs.some((g) => g.test(stem))) test(entry);
    }
    // A test task that names nothing in particular tests what came before it: it waits for the code
    // written so far (the frontier stands for everything behind it).
    if (named || linked.size > 0) return;
    for (const [task, file] of this.frontier) test({ task, file });
  }

  private register(self: number, text: string, defined: readonly string[], added: readonly string[], writes: readonly WrittenFile[], facts: TestFacts, predecessors: ReadonlySet<number>): void {
    for (const name of defined) this.symbols.define(name, self);
    for (const key of added) {
      this.packages.set(key, { task: self, name: displayName(text, key) });
      if (isDistinctivePackage(key)) this.proseKeys.add(key);
    }
    if (facts.isTest) return;
    let code: string | undefined;
    for (const write of writes) {
      if (write.role === 'delete' || !isCodePath(write.key)) continue;
      code ??= write.file;
      const stem = codeStem(write.key);
      if (stem !== undefined) this.stems.set(stem, { task: self, file: write.file });
    }
    if (code === undefined) return;
    for (const from of predecessors) this.frontier.delete(from);
    this.frontier.set(self, code);
  }
}

function summarise(names: readonly string[]): string {
  if (names.length <= DETAIL_NAMES) return names.join(', ');
  return `${names.slice(0, DETAIL_NAMES).join(', ')} and ${names.length - DETAIL_NAMES} more`;
}

const NAME_LIKE = /@?[A-Za-z0-9][\w./@-]*/g;

/** The package's name as the task wrote it, for the dependency's detail. */
function displayName(text: string, key: string): string {
  for (const m of text.matchAll(NAME_LIKE)) if (packageKey(m[0]) === key) return m[0];
  return key;
}

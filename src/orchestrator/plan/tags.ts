/**
 * Tags say what a task is about: its languages, frameworks and roles. Routing compares them with what each
 * agent's definition says, so a wrong tag costs a wrong agent: every rule matches whole words only (a word is
 * bounded by anything but a letter or digit, so `go` never matches "good" and `pydantic` still matches
 * `pydantic_settings`), and ambiguous words are matched only in phrases that remove the ambiguity ("tests"
 * counts only as "unit tests", "add tests", ...; "react" only as `React`, hooks, or `.jsx`/`.tsx` files).
 *
 * The table is data: to teach the planner a new tag, add a row.
 */
import { PhraseMatcher } from './phrases';
import type { WordSink } from './textScan';

export type TagKind = 'language' | 'framework' | 'role';

export interface TagRule {
  tag: string;
  kind: TagKind;
  /** Extensions (no dot) of the task's target files. */
  extensions?: string[];
  /** Regular expressions (sources, case-insensitive) tested against each lower-case target path. */
  paths?: string[];
  /**
   * Words or phrases, case-insensitive, matched on word boundaries (a word is a run of letters and digits);
   * a space matches any run of white space.
   */
  words?: string[];
  /** Words matched with their exact case (for words that are also ordinary English in lower case). */
  exactWords?: string[];
  /** Regular expressions (sources, case-insensitive) tested against the title and body. */
  patterns?: string[];
  /** Regular expressions (sources) tested with their exact case, e.g. upper-case SQL keywords. */
  exactPatterns?: string[];
  /**
   * Words, one of which every match of the rule's patterns contains (whole words, any case): the patterns
   * are tested only on texts that hold one, which spares most texts a full pass per pattern. The words are
   * found with the rule words, in the same pass.
   */
  needs?: string[];
  /** Like `needs`, compared with the exact case (for `exactPatterns`). */
  exactNeeds?: string[];
  /** Tags that this one brings along (`fastapi` implies `python` and `backend`). */
  implies?: string[];
}

const lang = (tag: string, rule: Omit<TagRule, 'tag' | 'kind'>): TagRule => ({ tag, kind: 'language', ...rule });
const framework = (tag: string, rule: Omit<TagRule, 'tag' | 'kind'>): TagRule => ({ tag, kind: 'framework', ...rule });
const role = (tag: string, rule: Omit<TagRule, 'tag' | 'kind'>): TagRule => ({ tag, kind: 'role', ...rule });

/** Languages first, then frameworks, then roles; tags come out in this order. */
export const TAG_RULES: readonly TagRule[] = [
  lang('typescript', { extensions: ['ts', 'tsx', 'mts', 'cts'], words: ['typescript', 'tsconfig', 'ts-node', 'tsc', '```ts', '```tsx'] }),
  lang('javascript', { extensions: ['js', 'jsx', 'mjs', 'cjs'], words: ['javascript', 'node.js', 'nodejs', 'ecmascript', '```js', '```jsx'] }),
  lang('python', { extensions: ['py', 'pyi', 'ipynb'], words: ['python', 'pip install', 'pyproject.toml', 'virtualenv', 'venv', 'asyncio', '```py'] }),
  lang('go', { extensions: ['go'], words: ['golang', 'go.mod', 'go.sum', 'goroutine', 'goroutines', 'gofmt', 'go test', 'go build', 'go run'] }),
  lang('rust', { extensions: ['rs'], words: ['rust', 'cargo', 'cargo.toml', 'rustc', 'crates.io'] }),
  lang('php', { extensions: ['php'], words: ['php', 'composer.json', 'phpunit'] }),
  lang('sql', { extensions: ['sql'], words: ['sql', 'postgresql', 'postgres', 'mysql', 'sqlite', 'plpgsql'], exactPatterns: ['\\b(?:CREATE|ALTER|DROP)\\s+(?:TABLE|INDEX)\\b', '\\bCREATE\\s+TYPE\\s+\\w+\\s+AS\\b', '\\bINSERT\\s+INTO\\b', '\\bSELECT\\b[^;\\n]*\\bFROM\\b'], exactNeeds: ['TABLE', 'INDEX', 'TYPE', 'INSERT', 'SELECT'], implies: ['database'] }),
  lang('css', { extensions: ['css', 'scss', 'sass', 'less'], words: ['css', 'scss', 'sass', 'stylesheet', 'stylesheets', 'styled-components'], implies: ['frontend'] }),
  lang('html', { extensions: ['html', 'htm'], words: ['html', 'html5'], implies: ['frontend'] }),
  lang('markdown', { extensions: ['md', 'mdx'], words: ['markdown'] }),
  lang('shell', { extensions: ['sh', 'bash', 'zsh'], words: ['shell script', 'shell scripts', 'bash script', 'zsh'] }),
  lang('yaml', { extensions: ['yaml', 'yml'], words: ['yaml'] }),
  lang('java', { extensions: ['java'], words: ['java', 'maven', 'gradle'] }),
  lang('kotlin', { extensions: ['kt', 'kts'], words: ['kotlin'] }),
  lang('ruby', { extensions: ['rb'], words: ['ruby', 'gemfile'] }),
  lang('csharp', { extensions: ['cs'], words: ['c#', 'csharp', '.net', 'dotnet'] }),

  framework('react', { paths: ['\\.(?:jsx|tsx)$'], exactWords: ['React'], words: ['react-dom', 'react-router', 'react query', 'usestate', 'useeffect', 'usememo', 'usecallback', 'usecontext'], implies: ['frontend'] }),
  framework('next', { paths: ['(?:^|/)next\\.config\\.[cm]?[jt]s$'], words: ['next.js', 'nextjs', 'next/router', 'next/navigation', 'next/link', 'app router', 'getserversideprops'], implies: ['react', 'frontend'] }),
  framework('vue', { extensions: ['vue'], words: ['vue', 'vuejs', 'vue.js', 'nuxt', 'pinia', 'vuex'], implies: ['frontend'] }),
  framework('svelte', { extensions: ['svelte'], words: ['svelte', 'sveltekit'], implies: ['frontend'] }),
  framework('angular', { words: ['angular'], implies: ['frontend'] }),
  framework('tailwind', { paths: ['(?:^|/)tailwind\\.config\\.'], words: ['tailwind', 'tailwindcss'], implies: ['css', 'frontend'] }),
  framework('express', { words: ['express.js', 'expressjs', 'express router', 'express app', 'express server', 'express middleware'], patterns: ['(?:from\\s+|require\\(\\s*)[\'"]express[\'"]'], needs: ['express'], implies: ['backend'] }),
  framework('nestjs', { words: ['nestjs', '@nestjs'], implies: ['backend'] }),
  framework('fastapi', { words: ['fastapi'], implies: ['python', 'backend', 'api'] }),
  framework('django', { words: ['django'], implies: ['python', 'backend'] }),
  framework('flask', { words: ['flask'], implies: ['python', 'backend'] }),
  framework('laravel', { paths: ['\\.blade\\.php$'], words: ['laravel', 'artisan', 'eloquent', 'blade template', 'blade templates'], implies: ['php', 'backend'] }),
  framework('rails', { words: ['ruby on rails', 'rails app', 'activerecord'], implies: ['ruby', 'backend'] }),
  framework('spring', { words: ['spring boot', 'springboot'], implies: ['java', 'backend'] }),
  framework('pydantic', { words: ['pydantic', 'pydantic-settings', 'pydantic-ai'], implies: ['python'] }),
  framework('sqlalchemy', { words: ['sqlalchemy', 'alembic'], implies: ['python', 'database'] }),
  framework('prisma', { extensions: ['prisma'], words: ['prisma'], implies: ['database'] }),
  framework('supabase', { words: ['supabase'], implies: ['database'] }),
  framework('graphql', { extensions: ['graphql', 'gql'], words: ['graphql', 'apollo'], implies: ['api'] }),
  framework('jest', { paths: ['(?:^|/)jest\\.config\\.'], words: ['jest'], implies: ['testing'] }),
  framework('vitest', { paths: ['(?:^|/)vitest\\.config\\.'], words: ['vitest'], implies: ['testing'] }),
  framework('pytest', { paths: ['(?:^|/)conftest\\.py$', '(?:^|/)pytest\\.ini$'], words: ['pytest', 'pytest-asyncio', 'conftest'], implies: ['python', 'testing'] }),
  framework('playwright', { words: ['playwright'], implies: ['testing'] }),
  framework('cypress', { words: ['cypress'], implies: ['testing'] }),
  framework('docker', { paths: ['(?:^|/)dockerfile', '(?:^|/)(?:docker-)?compose\\.ya?ml$'], words: ['docker', 'dockerfile', 'docker-compose', 'docker compose'], implies: ['devops'] }),
  framework('kubernetes', { words: ['kubernetes', 'k8s', 'kubectl', 'helm chart'], implies: ['devops'] }),
  framework('terraform', { extensions: ['tf'], words: ['terraform'], implies: ['devops'] }),
  framework('github-actions', { paths: ['(?:^|/)\\.github/workflows/'], words: ['github actions', 'github action'], implies: ['devops'] }),

  role('frontend', { paths: ['(?:^|/)(?:components|pages|frontend|styles)/'], words: ['frontend', 'front-end', 'ui', 'ux', 'user interface', 'component', 'components', 'button', 'modal', 'navbar', 'sidebar', 'toast', 'toasts', 'dropdown', 'landing page', 'web page', 'responsive', 'dark mode'] }),
  role('backend', { paths: ['(?:^|/)(?:server|backend|controllers|middleware)/'], words: ['backend', 'back-end', 'server', 'server-side', 'middleware', 'controller', 'controllers', 'service layer', 'business logic', 'webhook', 'webhooks', 'background job'] }),
  role('database', { paths: ['(?:^|/)(?:migrations|db|database)/'], words: ['database', 'databases', 'db', 'migration', 'migrations', 'orm', 'foreign key', 'primary key', 'stored procedure', 'redis', 'mongodb'] }),
  role('testing', { paths: ['(?:^|/)(?:tests?|__tests__|specs?|e2e)/', '\\.(?:test|spec)\\.[a-z]+$', '(?:^|/)test_[^/]*\\.py$', '_test\\.(?:go|py)$'], words: ['testing', 'test suite', 'test cases', 'test case', 'test coverage', 'mock', 'mocks', 'mocking', 'fixture', 'fixtures', 'tdd'], patterns: ['\\b(?:unit|integration|e2e|end-to-end|comprehensive|regression|smoke|snapshot|component|api)\\s+tests?\\b', '\\b(?:write|add|create|update|extend|fix)\\s+(?:the\\s+|new\\s+|more\\s+)?tests?\\b'], needs: ['test', 'tests'] }),
  role('docs', { paths: ['\\.(?:md|mdx|rst)$', '(?:^|/)docs?/'], words: ['readme', 'changelog', 'user guide', 'jsdoc', 'tsdoc'], patterns: ['\\b(?:create|write|update|add|improve|generate)\\s+(?:the\\s+|api\\s+|user\\s+)?(?:docs|documentation)\\b'], needs: ['docs', 'documentation'] }),
  role('devops', { words: ['ci', 'ci/cd', 'continuous integration', 'deploy', 'deployment', 'infrastructure', 'nginx', 'systemd'] }),
  role('security', { words: ['security', 'auth', 'authentication', 'authorization', 'oauth', 'oauth2', 'jwt', 'password', 'passwords', 'csrf', 'xss', 'sql injection', 'encryption', 'encrypt', 'decrypt', 'rbac', 'permission', 'permissions', 'access control', 'secrets', 'credentials', 'rate limit', 'rate limiting', 'sanitize', 'sanitization', 'vulnerability', 'cors'] }),
  role('api', { words: ['apis', 'rest api', 'restful', 'endpoint', 'endpoints', 'openapi', 'swagger', 'grpc', 'http client', 'route handler'], patterns: ['(?<![a-z0-9])api(?!\\s*keys?\\b)(?![a-z0-9])'], needs: ['api'] }),
  role('refactor', { words: ['refactor', 'refactoring', 'refactored', 'restructure', 'reorganize', 'clean up', 'cleanup', 'consolidate', 'decouple', 'deduplicate'], exactWords: ['MOVE', 'RENAME', 'EXTRACT'] }),
  role('config', { paths: ['(?:^|/)\\.env', '\\.config\\.[a-z]+$', '(?:^|/)config/', '(?:^|/)settings\\.py$', '\\.(?:toml|ini|cfg)$', '(?:^|/)(?:package|tsconfig|pyproject)\\.'], words: ['configuration', 'config', 'settings', 'environment variable', 'environment variables', 'env var', 'env vars', 'dotenv', 'feature flag', 'feature flags'] }),
];

/** The input tagTask needs: a task's own words and target files. */
export interface TagInput {
  title: string;
  body: string;
  files: string[];
}

const ORDER = new Map(TAG_RULES.map((r, i) => [r.tag, i]));

/** Marks, among the values the word matcher finds, a rule whose pattern needs were found (tags never hold it). */
const NEEDS = '?';

// Every rule's words (and pattern needs) go into one matcher, so the text is scanned once for all of them.
const WORDS = new PhraseMatcher(
  TAG_RULES.flatMap((r) => [
    ...(r.words ?? []).map((phrase) => ({ phrase, value: r.tag })),
    ...(r.exactWords ?? []).map((phrase) => ({ phrase, value: r.tag, exact: true })),
    ...(r.needs ?? []).map((phrase) => ({ phrase, value: NEEDS + r.tag })),
    ...(r.exactNeeds ?? []).map((phrase) => ({ phrase, value: NEEDS + r.tag, exact: true })),
  ]),
);

/** Tags by file extension, so a file costs one lookup rather than one test per rule. */
const BY_EXTENSION = new Map<string, string[]>();
for (const rule of TAG_RULES) {
  for (const ext of rule.extensions ?? []) BY_EXTENSION.set(ext, [...(BY_EXTENSION.get(ext) ?? []), rule.tag]);
}

const PATH_RULES = TAG_RULES.filter((r) => r.paths?.length).map((r) => ({
  tag: r.tag,
  test: new RegExp(r.paths!.map((p) => `(?:${p})`).join('|'), 'i'),
}));

const PATTERN_RULES = TAG_RULES.filter((r) => r.patterns?.length || r.exactPatterns?.length).map((r) => ({
  tag: r.tag,
  /** Set when the patterns need no word; otherwise the matcher's NEEDS value says a need is present. */
  always: (r.needs ?? []).length === 0 && (r.exactNeeds ?? []).length === 0,
  tests: [
    ...(r.patterns ?? []).map((source) => new RegExp(source, 'i')),
    ...(r.exactPatterns ?? []).map((source) => new RegExp(source)),
  ],
}));

function addFileTags(files: readonly string[], found: Set<string>): void {
  for (const file of files) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot > 0) for (const tag of BY_EXTENSION.get(base.slice(dot + 1)) ?? []) found.add(tag);
    for (const rule of PATH_RULES) if (!found.has(rule.tag) && rule.test.test(file)) found.add(rule.tag);
  }
}

/**
 * A receiver for scanText (textScan.ts) that collects into `found` the tags the words of the scanned text
 * give; tagTask(input, found) then adds those of files and patterns. Planning uses it to read each task once.
 */
export function tagWordSink(found: Set<string>): WordSink {
  return WORDS.sink(found);
}

/**
 * Languages, frameworks and roles of a task, from its target files and its words: lower-case, without
 * duplicates, in the order of TAG_RULES (languages, then frameworks, then roles). `words` are the tags of
 * the task's words when a scan already found them (see tagWordSink); otherwise the words are read here.
 */
export function tagTask(input: TagInput, words?: ReadonlySet<string>): string[] {
  const files = input.files.map((f) => (f.includes('\\') ? f.replace(/\\/g, '/') : f).trim().toLowerCase());
  const text = `${input.title}\n${input.body}`;
  const found = new Set(words ?? WORDS.matches(text));
  const needsFound = new Set<string>();
  for (const value of found) {
    if (value.startsWith(NEEDS)) {
      found.delete(value);
      needsFound.add(value.slice(NEEDS.length));
    }
  }
  addFileTags(files, found);
  for (const rule of PATTERN_RULES) {
    if (found.has(rule.tag) || !(rule.always || needsFound.has(rule.tag))) continue;
    for (const test of rule.tests) {
      if (test.test(text)) {
        found.add(rule.tag);
        break;
      }
    }
  }
  // Implications can chain (next → react → frontend), so expand until nothing new appears.
  const pending = [...found];
  while (pending.length > 0) {
    const tag = pending.pop()!;
    for (const implied of TAG_RULES[ORDER.get(tag)!]!.implies ?? []) {
      if (!found.has(implied)) {
        found.add(implied);
        pending.push(implied);
      }
    }
  }
  return [...found].sort((a, b) => ORDER.get(a)! - ORDER.get(b)!);
}

import { stem } from './text';

/**
 * A small, hand-made map of software concepts to the words people use for them. Both sides of a match are
 * expanded with it, so a task that says "Tailwind breakpoints" meets an agent that says "responsive
 * styling". It describes the vocabulary of software work in general; it names no agent, and it is the
 * same for every agent set.
 */
export const CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  frontend: ['frontend', 'ui', 'ux', 'client', 'browser', 'react', 'vue', 'angular', 'svelte', 'solidjs', 'nextjs', 'nuxt', 'remix', 'component', 'components', 'jsx', 'tsx', 'html', 'dom', 'page', 'pages', 'screen', 'screens', 'widget', 'widgets', 'button', 'form', 'forms', 'modal', 'dialog', 'navbar', 'menu', 'dropdown', 'spa', 'web', 'interface', 'interfaces', 'hook', 'hooks', 'props'],
  react: ['react', 'jsx', 'tsx', 'hook', 'hooks', 'props', 'nextjs', 'usestate', 'useeffect', 'rtl'],
  styling: ['css', 'scss', 'sass', 'less', 'tailwind', 'styled', 'style', 'styles', 'styling', 'theme', 'themes', 'theming', 'color', 'colors', 'dark', 'responsive', 'breakpoint', 'breakpoints', 'spacing', 'typography', 'font', 'fonts', 'visual', 'pixel', 'layout', 'layouts', 'hamburger', 'align', 'misaligned'],
  state: ['state', 'store', 'stores', 'redux', 'zustand', 'mobx', 'jotai', 'recoil', 'xstate', 'pinia', 'vuex', 'context', 'reducer', 'reducers', 'selector', 'selectors', 'signals', 'machine', 'machines'],
  animation: ['animation', 'animations', 'animate', 'animated', 'transition', 'transitions', 'motion', 'framer', 'gsap', 'keyframes', 'tween', 'fade', 'slide', 'easing', 'interaction', 'interactions'],
  accessibility: ['accessibility', 'accessible', 'a11y', 'aria', 'wcag', 'keyboard', 'focus', 'contrast', 'tabindex', 'assistive', 'screenreader', 'reader', 'readers', 'alt'],
  fetching: ['fetch', 'fetching', 'graphql', 'gql', 'trpc', 'swr', 'axios', 'apollo', 'tanstack', 'urql', 'query', 'queries', 'mutation', 'mutations', 'pagination', 'loading', 'retry', 'async'],
  backend: ['backend', 'server', 'servers', 'api', 'apis', 'endpoint', 'endpoints', 'route', 'routes', 'router', 'handler', 'handlers', 'controller', 'controllers', 'middleware', 'express', 'fastify', 'nestjs', 'koa', 'hono', 'http', 'rest', 'service', 'services', 'request', 'requests', 'dto', 'dtos'],
  node: ['node', 'nodejs', 'npm', 'express', 'fastify', 'nestjs', 'koa', 'hono', 'deno', 'bun'],
  go: ['go', 'golang', 'goroutine', 'goroutines', 'gin', 'echo', 'fiber', 'chi', 'gofmt', 'channels'],
  python: ['python', 'py', 'django', 'flask', 'fastapi', 'pytest', 'pip', 'poetry', 'pydantic', 'pandas'],
  jvm: ['java', 'kotlin', 'spring', 'gradle', 'maven', 'jvm'],
  rust: ['rust', 'cargo', 'crate', 'crates', 'tokio'],
  mobile: ['mobile', 'ios', 'android', 'native', 'expo', 'swift', 'flutter'],
  database: ['database', 'databases', 'db', 'sql', 'schema', 'schemas', 'migration', 'migrations', 'table', 'tables', 'index', 'indexes', 'orm', 'prisma', 'typeorm', 'sequelize', 'knex', 'drizzle', 'postgres', 'postgresql', 'mysql', 'sqlite', 'mariadb', 'mongodb', 'redis', 'transaction', 'transactions', 'column', 'columns', 'record', 'records', 'persist', 'storage'],
  relational: ['sql', 'postgres', 'postgresql', 'mysql', 'sqlite', 'mariadb', 'relational', 'join', 'joins', 'foreign', 'transaction', 'transactions', 'explain', 'isolation', 'deadlock'],
  documentdb: ['mongodb', 'mongo', 'mongoose', 'nosql', 'aggregation', 'aggregate', 'collection', 'collections', 'dynamodb', 'firestore', 'couchdb', 'embed', 'embedding'],
  keyvalue: ['redis', 'cache', 'caching', 'cached', 'memcached', 'ttl', 'eviction', 'keyvalue', 'pubsub', 'session', 'sessions', 'valkey', 'counter', 'counters'],
  testing: ['test', 'tests', 'testing', 'tested', 'spec', 'specs', 'unit', 'jest', 'vitest', 'mocha', 'jasmine', 'pytest', 'coverage', 'mock', 'mocks', 'mocking', 'stub', 'stubs', 'fixture', 'fixtures', 'assert', 'assertion', 'assertions', 'tdd', 'testable'],
  e2e: ['e2e', 'playwright', 'cypress', 'selenium', 'puppeteer', 'webdriver', 'flows'],
  docs: ['docs', 'doc', 'documentation', 'readme', 'guide', 'guides', 'tutorial', 'tutorials', 'changelog', 'jsdoc', 'tsdoc', 'docstring', 'docstrings', 'docusaurus', 'mkdocs', 'markdown', 'md', 'mdx', 'wiki', 'reference'],
  containers: ['docker', 'dockerfile', 'dockerignore', 'container', 'containers', 'containerize', 'image', 'images', 'compose', 'kubernetes', 'k8s', 'helm', 'pod', 'pods', 'alpine', 'healthcheck', 'healthchecks'],
  ci: ['ci', 'cd', 'pipeline', 'pipelines', 'workflow', 'workflows', 'actions', 'github', 'gitlab', 'jenkins', 'circleci', 'release', 'releases', 'deploy', 'deployment', 'publish', 'artifact', 'artifacts', 'runner', 'runners', 'matrix', 'automation'],
  security: ['security', 'secure', 'auth', 'authentication', 'authorization', 'authorize', 'login', 'password', 'passwords', 'jwt', 'oauth', 'token', 'tokens', 'csrf', 'xss', 'injection', 'owasp', 'vulnerability', 'vulnerabilities', 'sanitize', 'sanitization', 'csp', 'cors', 'encryption', 'encrypt', 'secret', 'secrets', 'permission', 'permissions', 'rbac', 'cookie', 'cookies', 'httponly', 'enumeration'],
  performance: ['performance', 'perf', 'fast', 'faster', 'slow', 'slower', 'speed', 'optimize', 'optimization', 'optimizing', 'latency', 'throughput', 'bundle', 'bundles', 'lazy', 'memoize', 'memoization', 'memo', 'profiling', 'profiler', 'benchmark', 'vitals', 'lcp', 'render', 'rendering', 'virtualize', 'chunk', 'chunks', 'preload'],
  seo: ['seo', 'meta', 'metadata', 'sitemap', 'robots', 'canonical', 'structured', 'jsonld', 'opengraph', 'og', 'crawl', 'crawler', 'crawlers', 'search', 'engines'],
  cli: ['cli', 'command', 'commands', 'subcommand', 'subcommands', 'flag', 'flags', 'argv', 'args', 'arguments', 'terminal', 'shell', 'commander', 'yargs', 'oclif', 'stdin', 'stdout', 'bin', 'tty'],
  scheduling: ['cron', 'crontab', 'schedule', 'scheduled', 'scheduler', 'scheduling', 'job', 'jobs', 'nightly', 'daily', 'weekly', 'hourly', 'periodic', 'recurring'],
  monorepo: ['monorepo', 'monorepos', 'workspace', 'workspaces', 'nx', 'turborepo', 'turbo', 'lerna', 'pnpm', 'yarn', 'packages'],
  storybook: ['storybook', 'story', 'stories', 'csf', 'csf3', 'chromatic', 'argtypes', 'autodocs'],
  refactor: ['refactor', 'refactors', 'refactoring', 'restructure', 'extract', 'extraction', 'decouple', 'cleanup', 'legacy', 'debt', 'modularize', 'migrate', 'migration', 'phased', 'phase'],
  architecture: ['architecture', 'architectural', 'architect', 'design', 'system', 'tradeoff', 'tradeoffs', 'adr', 'diagram', 'boundary', 'boundaries', 'scalability', 'scalable', 'technology', 'technologies', 'stack', 'decision', 'decisions', 'strategy'],
  planning: ['plan', 'plans', 'planning', 'requirement', 'requirements', 'acceptance', 'criteria', 'specification', 'scope', 'roadmap', 'estimate', 'breakdown', 'clarify', 'questions', 'product', 'stakeholder'],
  review: ['review', 'reviews', 'reviewer', 'reviewing', 'audit', 'audits', 'auditing', 'inspect', 'critique', 'findings', 'quality', 'lint', 'linting', 'smell', 'smells', 'gate', 'gates', 'pitfalls', 'idiomatic', 'idioms'],
  analysis: ['analyze', 'analysis', 'analyse', 'investigate', 'inventory', 'explore', 'trace', 'coupling', 'dependencies', 'map', 'mapping', 'readonly'],
  verification: ['verify', 'verification', 'verifies', 'regression', 'regressions', 'preserve', 'preserves', 'preservation', 'behaviour', 'behavior', 'parity', 'contract', 'signoff', 'sign'],
  integration: ['integration', 'integrations', 'integrate', 'integrating', 'thirdparty', 'third', 'party', 'stripe', 'paypal', 'sendgrid', 'twilio', 'auth0', 'mailchimp', 'slack', 'webhook', 'webhooks', 'sdk', 'vendor', 'provider', 'external', 'rate', 'limits'],
  aiconfig: ['cursor', 'copilot', 'claude', 'windsurf', 'codex', 'opencode', 'llm', 'ai', 'agent', 'agents', 'subagent', 'subagents', 'rules', 'prompt', 'prompts', 'instructions'],
  email: ['email', 'emails', 'smtp', 'mail', 'newsletter', 'transactional', 'bounce', 'bounces'],
  observability: ['logging', 'logs', 'log', 'metrics', 'monitoring', 'monitor', 'tracing', 'alert', 'alerts', 'alerting', 'grafana', 'sentry', 'opentelemetry', 'observability'],
  i18n: ['i18n', 'translation', 'translations', 'translate', 'locale', 'locales', 'localization', 'internationalization'],
  ml: ['ml', 'pytorch', 'tensorflow', 'training', 'dataset', 'datasets', 'notebook', 'neural', 'embeddings', 'inference'],
  blockchain: ['blockchain', 'solidity', 'ethereum', 'web3', 'wallet', 'evm', 'defi', 'solana', 'nft'],
  concurrency: ['concurrency', 'concurrent', 'parallel', 'goroutine', 'goroutines', 'mutex', 'race', 'races', 'deadlock', 'worker', 'workers', 'pool', 'threads'],
  implement: ['implement', 'implementation', 'implementing', 'build', 'building', 'create', 'creating', 'add', 'adding', 'write', 'writing', 'develop', 'development', 'wire', 'scaffold', 'setup', 'port'],
};

/** File extensions (lower-case, no dot) and the concepts a file of that kind belongs to. */
export const EXTENSION_CONCEPTS: Readonly<Record<string, readonly string[]>> = {
  tsx: ['frontend', 'react'], jsx: ['frontend', 'react'], vue: ['frontend'], svelte: ['frontend'], html: ['frontend'],
  css: ['styling', 'frontend'], scss: ['styling', 'frontend'], sass: ['styling', 'frontend'], less: ['styling', 'frontend'],
  sql: ['database', 'relational'], prisma: ['database'], go: ['go'], py: ['python'], rs: ['rust'], java: ['jvm'], kt: ['jvm'],
  swift: ['mobile'], md: ['docs'], mdx: ['docs'], rst: ['docs'], graphql: ['fetching'], gql: ['fetching'], sh: ['cli'],
  tf: ['containers'], sol: ['blockchain'], ipynb: ['ml'],
};

/** The concept pseudo-term for a concept name; `#` keeps it apart from every real word. */
export function conceptTerm(concept: string): string {
  return `#${concept}`;
}

const byStem = new Map<string, string[]>();
const termsByStem = new Map<string, string[]>();
for (const [concept, triggers] of Object.entries(CONCEPTS)) {
  for (const trigger of triggers) {
    const key = stem(trigger);
    const list = byStem.get(key) ?? [];
    if (!list.includes(concept)) {
      list.push(concept);
      termsByStem.set(key, [...(termsByStem.get(key) ?? []), conceptTerm(concept)]);
    }
    byStem.set(key, list);
  }
}

const NONE: readonly string[] = [];

/** The concepts a stemmed word triggers. */
export function conceptsOfStem(stemmed: string): readonly string[] {
  return byStem.get(stemmed) ?? NONE;
}

/** The concept pseudo-terms a stemmed word triggers (precomputed: this runs for every word of every task). */
export function conceptTermsOfStem(stemmed: string): readonly string[] {
  return termsByStem.get(stemmed) ?? NONE;
}

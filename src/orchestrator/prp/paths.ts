/**
 * Deciding whether a token names a file. PRPs mention files in backticks, after action words (`CREATE path:`)
 * and in `FILE:` lines, next to commands, flags, identifiers and package names that must not count.
 */
const EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs json jsonc json5 md mdx markdown py pyi ipynb rs go java kt kts scala rb php ' +
    'sql yaml yml toml ini cfg conf env css scss sass less styl html htm vue svelte astro sh bash zsh fish ps1 ' +
    'bat cmd txt csv tsv xml svg png jpg jpeg gif webp ico pdf lock lockb c h cc cpp hpp cs fs swift m mm dart ' +
    'lua r pl ex exs erl hrl hs elm clj cljs gradle properties tf tfvars hcl proto graphql gql prisma dockerfile ' +
    'mk cmake el nix zig sol wasm twig jinja j2 hbs ejs pug njk rst adoc tex log example sample template tpl ' +
    'gitignore gitkeep dockerignore npmrc nvmrc editorconfig prettierrc eslintrc babelrc vsix plist gemspec'
  ).split(' '),
);
const BARE_NAMES = new Set(['dockerfile', 'makefile', 'procfile', 'gemfile', 'rakefile', 'jenkinsfile', 'vagrantfile', 'license', 'readme', 'changelog', 'codeowners']);
/** Library names that look like files (`Node.js`) but are not. */
const NOT_FILES = /^(?:node|next|nuxt|vue|react|three|express|chart|d3|ember|backbone|angular|alpine|p5|moment|day|socket\.io)\.js$/i;
const PATH_CHARS = /^[\w.\-/[\]@~+%]+$/;

/** Removes decoration around a path: backticks, quotes, brackets, trailing colons, `:12-34` line suffixes. */
export function cleanPathToken(token: string): string {
  let t = token.trim();
  // Nothing that long is a path (see isPathLike), and the loop below must stay cheap on junk.
  if (t.length > 400) return t;
  t = t.replace(/^[`"'(<*]+/, '');
  // Decoration nests (`"path":`, `` `path`: ``), so strip until nothing changes.
  for (let previous = ''; previous !== t; ) {
    previous = t;
    t = t.replace(/[`"')>,;*]+$/, '').replace(/:\d+(?:-\d+)?(?:,\s*\d+(?:-\d+)?)*$/, '').replace(/:+$/, '');
    if (t.endsWith('.') && !t.endsWith('..')) t = t.slice(0, -1);
  }
  return t;
}

/**
 * True when `token` (already cleaned) reads as a file or directory path.
 * `allowBareDirs`: a token with a slash but no extension (`src/tools/`) counts; callers pass false for prose
 * such as titles, where `Statistics/Trust` is not a path.
 */
export function isPathLike(token: string, allowBareDirs = true): boolean {
  if (token.length < 2 || token.length > 300) return false;
  if (!PATH_CHARS.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (token.startsWith('-') || token.startsWith('@') || token.includes('//')) return false;
  if (NOT_FILES.test(token)) return false;
  const base = token.replace(/\/+$/, '').split('/').pop() ?? '';
  if (hasFileExtension(base)) return true;
  if (base.startsWith('.') && /^\.[A-Za-z][\w.-]*$/.test(base)) return true;
  if (BARE_NAMES.has(base.toLowerCase())) return true;
  if (!token.includes('/') || !allowBareDirs) return false;
  // A leading slash with no other segment is a slash command (`/prp-review`), not a directory.
  if (token.startsWith('/') && token.indexOf('/', 1) < 0) return false;
  return !/^[\d./]+$/.test(token);
}

function hasFileExtension(base: string): boolean {
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return false;
  return EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** The contents of the inline code spans on a line. */
export function codeSpans(line: string): string[] {
  const spans: string[] = [];
  const re = /`([^`\n]+)`/g;
  for (let m = re.exec(line); m; m = re.exec(line)) spans.push(m[1]!);
  return spans;
}

/** Paths among a line's code spans. */
export function pathsInCodeSpans(line: string): string[] {
  return codeSpans(line)
    .map(cleanPathToken)
    .filter((p) => isPathLike(p));
}

import { stemmer } from 'stemmer';

/**
 * Words that say nothing about which specialist fits: English function words plus the filler of task and
 * agent prose ("use when", "ensure", "should"). Role words such as `review`, `create` or `test` are NOT
 * here: they tell a reviewer from an implementer.
 */
const STOPWORDS = new Set(
  (
    'a about above after again all also an and any are as at be been before being below between both but by can ' +
    'could did do does doing done during each either else etc every few for from further had has have having he her ' +
    'here how i if in into is it its itself just let like may me might more most much must my need needs no nor not ' +
    'now of off on once one only or other our out over own per same shall she should so some such than that the their ' +
    'them then there these they this those through thus to too under until up upon us very via was we were what when ' +
    'where whether which while who whom why will with within without would yet you your yours ' +
    'use used uses using usage ensure ensures ensuring want wants get gets got make makes making way ways well ' +
    'thing things something everything anything always never often instead across along already really simply'
  ).split(' '),
);

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

/** Porter stem of a lower-case word; words with digits and very short words are kept as they are. */
export function stem(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const result = word.length <= 3 || /\d/.test(word) ? word : stemmer(word);
  // The cache is bounded so that a stream of random words cannot grow it without end.
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, result);
  return result;
}

const WORD = /[A-Za-z][A-Za-z0-9]*|[0-9]+[A-Za-z][A-Za-z0-9]*/g;
const CAMEL = /([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])/g;

/** One word of a text, lower-cased, with its stem. */
export interface Token {
  word: string;
  stem: string;
}

const tokenCache = new Map<string, readonly Token[]>();
const TOKEN_CACHE_LIMIT = 50_000;

/**
 * The tokens of one raw word. A camelCase or PascalCase word gives itself and its parts (`useDebounce` →
 * `usedebounce`, `use`, `debounce`): brand names (TypeScript, GraphQL) match as a whole, identifiers by their
 * parts, and task titles and file names are full of both. Stopwords are dropped. Cached, because the same
 * words come back in every task.
 */
export function tokensOfWord(raw: string): readonly Token[] {
  const cached = tokenCache.get(raw);
  if (cached) return cached;
  const parts = /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(raw) ? [raw, ...raw.replace(CAMEL, '$1$3 $2$4').split(' ')] : [raw];
  const tokens: Token[] = [];
  for (const part of parts) {
    const word = part.toLowerCase();
    if (word.length > 1 && !STOPWORDS.has(word)) tokens.push({ word, stem: stem(word) });
  }
  if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
  tokenCache.set(raw, tokens);
  return tokens;
}

/** The raw words of a text, before lower-casing and splitting (see {@link tokensOfWord}). */
export function rawWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Calls `visit` for every token of `text`, in order; returns how many there were. */
export function forEachToken(text: string, visit: (token: Token) => void): number {
  const matches = text.match(WORD);
  if (!matches) return 0;
  let count = 0;
  for (const raw of matches) {
    for (const token of tokensOfWord(raw)) {
      visit(token);
      count += 1;
    }
  }
  return count;
}

/** The lower-case words of a text, stopwords dropped (see {@link forEachToken}). */
export function words(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (token) => out.push(token.word));
  return out;
}

/**
 * Import statements in a task's text: JavaScript `import … from 'x'`, `import('x')`, `require('x')`,
 * Python `from x import …` and `import x`, PHP `use A\B;`. Each pattern is tried only where the scan
 * (textScan.ts) saw its keyword, so a text costs nothing more than its scan when it imports nothing.
 */
import { KEYWORD, atLineStart, forEachMark, type TextScan } from './textScan';

export type ImportKind = 'javascript' | 'python' | 'php';

const JS_FROM = /(?:from|import)\s*\(?\s*['"]([^'"\n]+)['"]/y;
const JS_REQUIRE = /require\s*\(\s*['"]([^'"\n]+)['"]/y;
const PY_FROM = /from[ \t]+(\.*[\w.]*)[ \t]+import\b/y;
const PY_IMPORT = /import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+\w+)?[ \t]*(?:,|$)/my;
const PHP_USE = /use\s+\\?([A-Za-z_]\w*(?:\\[A-Za-z_]\w*)+)\s*;/y;

function stickyAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Calls `visit` with each imported module as written: a JavaScript specifier (`./auth/service`, `zod`),
 * a Python module (`app.models`, `.utils`) or a PHP namespace path (`App\Models\User`).
 */
export function forEachImport(scan: TextScan, visit: (kind: ImportKind, spec: string) => void): void {
  const text = scan.text;
  forEachMark(scan, KEYWORD.from | KEYWORD.import | KEYWORD.require | KEYWORD.use, (at) => {
    const c = text.charCodeAt(at);
    if (c === 102 || c === 105) {
      // `from` or `import`, in lower case as both languages write them.
      const js = stickyAt(JS_FROM, text, at);
      if (js) visit('javascript', js[1]!);
      else if (atLineStart(text, at)) {
        const py = stickyAt(c === 102 ? PY_FROM : PY_IMPORT, text, at);
        if (py) visit('python', py[1]!);
      }
    } else if (c === 114) {
      const js = stickyAt(JS_REQUIRE, text, at);
      if (js) visit('javascript', js[1]!);
    } else if (c === 117) {
      const php = stickyAt(PHP_USE, text, at);
      if (php) visit('php', php[1]!);
    }
  });
}

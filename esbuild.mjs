// Bundles the extension host code, the CLI and the dashboard webview. Each bundle is self-contained except
// for `vscode`, which the editor provides at run time.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // The engine as the extension uses it, loaded on first use (src/extension/engineLoader.ts), so activation
  // does not evaluate it: it must never be imported statically from the extension bundle.
  build({ ...common, entryPoints: ['src/extension/engineSession.ts'], outfile: 'dist/engine.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The dashboard (VS Code webview and browser): dist/webview/main.js and main.css, React Flow's stylesheet
  // included. One classic script and one stylesheet, nothing loaded at run time, so it works under a strict CSP.
  // React is always its production build: the development build is several times slower on big graphs.
  build({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: { main: 'webview-ui/src/main.tsx' },
    outdir: 'dist/webview',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
  }),
]);

// sql.js loads its WebAssembly from the folder of the script that bundles it, so the CLI needs it next to it.
mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
// The bench page runs the dashboard on a generated run inside the page (bench/render.ts opens it).
copyFileSync('webview-ui/public/bench.html', 'dist/webview/bench.html');

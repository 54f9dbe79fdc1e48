/**
 * The dashboard webview's HTML: one script and one stylesheet from the extension's `dist/webview` folder, under a
 * Content Security Policy that allows nothing else. Free of `vscode` so the policy is unit tested.
 *
 * Why styles need no 'unsafe-inline': React sets `style` props through the CSSOM, React Flow renders no
 * `<style>` element (its stylesheet is bundled into main.css), and VS Code Elements (Lit) use constructed
 * stylesheets; none of these is governed by `style-src`.
 */
import { randomBytes } from 'node:crypto';

export interface DashboardHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads the extension's files from. */
  cspSource: string;
  /** A fresh random value per page load, from `createNonce()`. */
  nonce: string;
  /** `webview.asWebviewUri` of dist/webview/main.js. */
  scriptUri: string;
  /** `webview.asWebviewUri` of dist/webview/main.css. */
  styleUri: string;
  /** The page title (the panel shows its own title; this one is for screen readers). */
  title: string;
}

/** 128 random bits in base64, the form a CSP nonce takes. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy: nothing by default; the bundle's script only with the nonce; styles, fonts and images only from the
 * extension's own files (images also as data: URIs, for icons the bundle inlines); no network at all.
 */
export function dashboardCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function buildDashboardHtml(options: DashboardHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(dashboardCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * A page shown instead of the dashboard when its bundle is missing from the build; it runs no script, so its
 * policy allows none.
 */
export function missingBundleHtml(cspSource: string, expectedPath: string): string {
  const csp = `default-src 'none'; style-src ${cspSource}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<title>PRP Dashboard</title>
</head>
<body>
<h2>The dashboard is not in this build</h2>
<p>${escapeHtml(expectedPath)} is missing. Build the extension with <code>npm run build</code> (or reinstall it), then run "PRP: Show Dashboard" again.</p>
</body>
</html>
`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

import { describe, expect, it } from 'vitest';
import { buildDashboardHtml, createNonce, dashboardCsp, escapeHtml, missingBundleHtml } from '../../src/extension/dashboard/html';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function cspOf(html: string): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  expect(content).toBeDefined();
  const directives = new Map<string, string[]>();
  for (const part of content!.replace(/&#39;/g, "'").split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe('Dashboard webview HTML', () => {
  const nonce = createNonce();
  const html = buildDashboardHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/dist/webview/main.js`,
    styleUri: `${CSP_SOURCE}/ext/dist/webview/main.css`,
    title: 'PRP <Dashboard>',
  });

  it('allows scripts only with the nonce and loads nothing from the network', () => {
    const csp = cspOf(html);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual([`'nonce-${nonce}'`]);
    expect(csp.get('style-src')).toEqual([CSP_SOURCE]);
    expect(csp.get('connect-src')).toEqual(["'none'"]);
    expect(html).not.toContain('unsafe-inline');
    expect(html).not.toContain('unsafe-eval');
    expect(html).not.toMatch(/(src|href)="http:/);
  });

  it('gives the nonce to its one script, which comes from the webview bundle', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain(`nonce="${nonce}"`);
    expect(scripts[0]).toContain('/dist/webview/main.js');
    expect(html).toContain(`<link rel="stylesheet" href="${CSP_SOURCE}/ext/dist/webview/main.css">`);
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('<title>PRP &lt;Dashboard&gt;</title>');
  });

  it('makes a fresh base64 nonce of 128 bits each time', () => {
    const nonces = new Set(Array.from({ length: 20 }, () => createNonce()));
    expect(nonces.size).toBe(20);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });

  it('escapes every value it writes into attributes', () => {
    expect(escapeHtml(`"><script>alert('x')</script>&`)).toBe('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
    const csp = dashboardCsp(CSP_SOURCE, 'abc');
    expect(csp.split('; ')).toContain("script-src 'nonce-abc'");
  });

  it('explains a missing bundle without running any script', () => {
    const page = missingBundleHtml(CSP_SOURCE, 'dist/webview/main.js');
    expect(page).not.toContain('<script');
    expect(cspOf(page).get('default-src')).toEqual(["'none'"]);
    expect(page).toContain('npm run build');
  });
});

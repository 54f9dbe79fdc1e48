import { spawn } from 'node:child_process';

/** The program that opens a URL in the default browser on this platform. */
function opener(platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  return { command: 'xdg-open', args: [] };
}

/**
 * Opens the URL in the person's browser, detached, so the dashboard does not wait for it. Resolves with a
 * sentence to show when that was impossible (no desktop, no opener installed); the URL is printed anyway.
 */
export function openBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<string | undefined> {
  const { command, args } = opener(platform);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { detached: true, stdio: 'ignore' });
    child.once('error', () => resolve(`could not start ${command} to open a browser; open the URL above yourself`));
    child.once('spawn', () => {
      child.unref();
      resolve(undefined);
    });
  });
}

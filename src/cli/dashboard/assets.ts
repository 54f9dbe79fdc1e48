import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The content types the dashboard bundle uses; any other file is not served. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** The content type of a file name, or undefined when the server does not serve that kind of file. */
export function contentType(file: string): string | undefined {
  return CONTENT_TYPES[path.extname(file).toLowerCase()];
}

/** A file of the bundle to send, or why not. */
export type AssetLookup =
  | { found: true; body: Buffer; contentType: string }
  | { found: false; status: 403 | 404 };

/**
 * Reads a file of the dashboard bundle for a URL path. Only plain files directly or deeper inside `root`
 * with a known extension are served: a path that escapes the folder (`..`, encoded or not), names a dot
 * file or has any other extension is refused, so the server never hands out anything else on the disk.
 */
export async function readAsset(root: string, urlPath: string): Promise<AssetLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { found: false, status: 404 };
  }
  if (decoded.includes('\0')) return { found: false, status: 404 };
  const parts = decoded.split(/[/\\]+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => p.startsWith('.'))) return { found: false, status: 403 };
  const relative = parts.join('/');
  const type = contentType(relative);
  if (!type) return { found: false, status: 404 };
  const absolute = path.resolve(root, ...parts);
  if (!absolute.startsWith(path.resolve(root) + path.sep)) return { found: false, status: 403 };
  try {
    return { found: true, body: await readFile(absolute), contentType: type };
  } catch {
    return { found: false, status: 404 };
  }
}

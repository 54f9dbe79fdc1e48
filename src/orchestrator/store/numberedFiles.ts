import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** A file whose name carries a zero-padded number, e.g. `journal-000000000042.jsonl`. */
export interface NumberedFile {
  n: number;
  path: string;
}

/** `prefix` + the number padded to twelve digits + `suffix`; such names sort in numeric order as text too. */
export function numberedName(prefix: string, n: number, suffix: string): string {
  return `${prefix}${String(n).padStart(12, '0')}${suffix}`;
}

/** The files in `dir` named by `numberedName(prefix, n, suffix)`, lowest number first. */
export async function listNumbered(dir: string, prefix: string, suffix: string): Promise<NumberedFile[]> {
  const files: NumberedFile[] = [];
  for (const name of await fsp.readdir(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith(suffix)) continue;
    const digits = name.slice(prefix.length, name.length - suffix.length);
    if (/^\d{12}$/.test(digits)) files.push({ n: Number(digits), path: path.join(dir, name) });
  }
  return files.sort((a, b) => a.n - b.n);
}

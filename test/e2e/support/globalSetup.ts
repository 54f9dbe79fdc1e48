import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { e2eTools } from './tools';
import { packageVsix } from './vsix';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The .vsix packaged once for the whole e2e run, or why it could not be made (each e2e test then fails with it). */
    prpE2e: { vsix: string; error?: undefined } | { vsix?: undefined; error: string };
  }
}

/**
 * Runs once before the e2e files: checks the tools and packages dist/ into a .vsix in a temporary folder. A
 * problem is handed to the tests rather than thrown, so every e2e test fails with the reason while the unit
 * and integration tests still run and the run still ends with its summary line.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'prp-e2e-vsix-'));
  try {
    e2eTools();
    const vsix = packageVsix(path.join(dir, 'prp-orchestrator.vsix'));
    project.provide('prpE2e', { vsix });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString() ?? '';
    project.provide('prpE2e', { error: `${error instanceof Error ? error.message : String(error)}${stderr ? `\n${stderr}` : ''}` });
  }
  return () => rmSync(dir, { recursive: true, force: true });
}

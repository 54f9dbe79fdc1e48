import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './vsix';

/** Screenshots and logs of the end-to-end tests land under test-artifacts/e2e/<test name>/ (gitignored). */
export const ARTIFACTS_ROOT = path.join(REPO_ROOT, 'test-artifacts', 'e2e');

/** Numbers the files of one test, so a folder listing reads in the order the steps ran. */
export class Artifacts {
  readonly dir: string;
  private count = 0;

  constructor(testName: string) {
    this.dir = path.join(ARTIFACTS_ROOT, testName.replace(/[^\w.-]+/g, '-'));
    // A rerun replaces the previous run's pictures instead of mixing with them.
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** `NN-name.ext` in this test's folder; NN counts up from 01. */
  next(name: string, extension: string): string {
    this.count += 1;
    return path.join(this.dir, `${String(this.count).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.${extension}`);
  }
}

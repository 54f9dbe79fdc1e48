import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './vsix';

/** The example the tests open unless they ask for another folder. */
export const ADD_AUTH_EXAMPLE = path.join(REPO_ROOT, 'examples', 'add-auth');

function git(cwd: string, args: string[]): void {
  // An identity on the command line: CI machines have no global git config.
  execFileSync('git', ['-c', 'user.name=PRP e2e', '-c', 'user.email=e2e@prp.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

/**
 * Copies `source` into `target`, adds `files` (relative path → content) and makes it a git repository with one
 * commit on `main`, as a person's project would be.
 */
export function createWorkspace(source: string, target: string, files: Record<string, string> = {}): string {
  mkdirSync(target, { recursive: true });
  cpSync(source, target, { recursive: true });
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(target, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  git(target, ['init', '-q', '-b', 'main']);
  git(target, ['add', '-A']);
  git(target, ['commit', '-q', '-m', 'Initial commit']);
  return target;
}

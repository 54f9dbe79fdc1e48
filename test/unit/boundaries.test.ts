import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

// The module boundaries of DESIGN.md are lint rules; these tests prove the rules bite, so a config change
// that silently drops them fails here rather than letting the layers rot.
const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function messagesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it('keeps vscode out of the engine', async () => {
    const messages = await messagesFor('src/orchestrator/engine/x.ts', "import * as vscode from 'vscode';\nexport const a = vscode;\n");
    expect(messages.join()).toMatch(/Only src\/extension may import vscode/);
  });

  it('keeps sql.js inside the store', async () => {
    expect(await messagesFor('src/orchestrator/plan/x.ts', "import initSqlJs from 'sql.js';\nexport const a = initSqlJs;\n")).toHaveLength(1);
    expect(await messagesFor('src/orchestrator/store/x.ts', "import initSqlJs from 'sql.js';\nexport const a = initSqlJs;\n")).toHaveLength(0);
  });

  it('makes front ends go through orchestrator/index', async () => {
    const deep = "import { parsePrp } from '../orchestrator/prp/index';\nexport const a = parsePrp;\n";
    const shallow = "import { parsePrp } from '../orchestrator/index';\nexport const a = parsePrp;\n";
    expect(await messagesFor('src/cli/x.ts', deep)).toHaveLength(1);
    expect(await messagesFor('src/extension/x.ts', deep)).toHaveLength(1);
    expect(await messagesFor('src/cli/x.ts', shallow)).toHaveLength(0);
  });

  it('keeps the webview away from vscode and the engine runtime', async () => {
    expect(await messagesFor('webview-ui/src/x.ts', "import * as vscode from 'vscode';\nexport const a = vscode;\n")).toHaveLength(1);
    expect(await messagesFor('webview-ui/src/x.ts', "import { parsePrp } from '../../src/orchestrator/index';\nexport const a = parsePrp;\n")).toHaveLength(1);
  });

  it('lets src/shared import only model types', async () => {
    expect(await messagesFor('src/shared/x.ts', "import type { Prp } from '../orchestrator/model';\nexport type A = Prp;\n")).toHaveLength(0);
    expect(await messagesFor('src/shared/x.ts', "import { parsePrp } from '../orchestrator/index';\nexport const a = parsePrp;\n")).toHaveLength(1);
  });
});

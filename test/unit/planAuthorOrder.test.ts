import { describe, expect, it } from 'vitest';
import { planPrp } from '../../src/orchestrator/plan';
import { parsePrp } from '../../src/orchestrator/prp';

const MESSAGE =
  "The PRP asks for tasks in order; the plan runs independent tasks in parallel — use --order document to keep the author's order.";

function orderDiagnostics(markdown: string, order?: 'document') {
  const { diagnostics } = planPrp(parsePrp(markdown), order ? { order } : {});
  return diagnostics.filter((d) => d.code === 'author-order');
}

const tasks = ['### Task 1: CREATE a.ts', '', '- make a', '', '### Task 2: CREATE b.ts', '', '- make b', ''];

describe('author-order diagnostic', () => {
  it('notes "Execute in order." before the first task, at its line', () => {
    const markdown = ['# Feature', '', '## Step-by-Step Tasks', '', 'Execute in order. Each task is atomic.', '', ...tasks].join('\n');
    expect(orderDiagnostics(markdown)).toEqual([{ severity: 'info', code: 'author-order', message: MESSAGE, line: 5 }]);
  });

  it('notes a task-list heading that says "Sequential Order"', () => {
    const markdown = ['# Feature', '', '## Implementation Blueprint', '', '### Implementation Tasks (Sequential Order)', '', '```yaml', 'Task 1: Setup', '  CREATE a.ts', 'Task 2: Models', '  CREATE b.ts', '```', ''].join('\n');
    expect(orderDiagnostics(markdown).map((d) => d.line)).toEqual([5]);
  });

  it('ignores "sequentially" outside the task list, and plans in document order without the note', () => {
    const markdown = ['# Feature', '', '## Problem', '', 'Steps execute sequentially today.', '', '## Tasks', '', ...tasks].join('\n');
    expect(orderDiagnostics(markdown)).toEqual([]);
    const ordered = ['# Feature', '', '## Tasks', '', 'Complete these tasks in this order.', '', ...tasks].join('\n');
    expect(orderDiagnostics(ordered)).toHaveLength(1);
    expect(orderDiagnostics(ordered, 'document')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { previewPlanText } from '../../src/extension/previewPlan';

describe('Preview Plan text', () => {
  it('lists tasks with their prerequisites and the source line', () => {
    const prp = [
      '# Add a greeting',
      '## Implementation Blueprint',
      '### Task 1: CREATE src/greet.ts',
      'Write the greet function.',
      '### Task 2: MODIFY src/main.ts',
      '**Dependencies**: Task 1',
      'Call greet from main.',
    ].join('\n');
    const text = previewPlanText(prp, '/ws/PRPs/greet.md');
    expect(text).toContain('Plan for "Add a greeting" — 2 task(s)');
    expect(text).toMatch(/T1 {2}CREATE src\/greet\.ts {2}line 3/);
    expect(text).toMatch(/T2 {2}MODIFY src\/main\.ts {2}\(after T1\) {2}line 5/);
  });

  it('shows diagnostics with their lines when a PRP has no tasks', () => {
    const text = previewPlanText('Just some notes.\n', '/ws/notes.md');
    expect(text).toContain('0 task(s)');
    expect(text).toMatch(/warning line \d+: /);
  });
});

import type { ValidationCommand, ValidationLevel } from '../model';
import type { DocContext } from './context';
import { stripMarker } from './markers';
import type { SectionNode } from './sections';
import { commandsFromFence, inlineCommand, placeholderIn, type RawCommand } from './shellCommands';
import { trimRangeEnd } from './source';

const SHELL_LANGS = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'fish', 'console', 'terminal', 'shell-session', 'sh-session', 'cmd', 'bat', 'batch', 'powershell', 'pwsh', 'ps1']);
const LEVEL = /^Level\s+(\d{1,4})(?!\.?\d)\s*(?:[:.)\-–—]\s*)?(.*)$/i;

/** A stretch of the document whose commands form one validation level. */
interface Region {
  number?: number;
  name: string;
  start: number;
  end: number;
  /** `### Level N` headings are levels even without commands; other validation sections need commands. */
  isLevelHeading: boolean;
}

/**
 * Validation levels: each `Level N` heading in a validation section is a level; any other validation section
 * (`## Validation Commands`, `### Per-Task Validation`) that holds commands in its own text is a level too.
 */
export function extractValidation(ctx: DocContext): ValidationLevel[] {
  const regions = findRegions(ctx.sections);
  const levels: ValidationLevel[] = [];
  for (const region of regions) {
    const commands = commandsIn(ctx, region);
    if (commands.length === 0 && !region.isLevelHeading) continue;
    const endLine = trimRangeEnd(ctx.source, region.start, region.end);
    levels.push({ level: region.number ?? 0, name: region.name, commands, range: { startLine: region.start, endLine: Math.max(endLine, region.start) } });
  }
  levels.forEach((level, i) => {
    if (level.level === 0) level.level = i + 1;
  });
  report(ctx, levels);
  return levels;
}

function findRegions(sections: SectionNode[]): Region[] {
  const anyValidation = sections.some((node) => node.kind === 'validation');
  const isLevel: boolean[] = [];
  const regions: Region[] = [];
  sections.forEach((node, i) => {
    const text = stripMarker(node.heading.text.replace(/^[*_]+|[*_]+$/g, '')).text;
    const level = LEVEL.exec(text);
    const insideLevel = node.parent >= 0 && isLevel[node.parent] === true;
    isLevel[i] = insideLevel || (level !== null && (node.kind === 'validation' || !anyValidation));
    if (insideLevel) return;
    if (isLevel[i]) {
      const region: Region = { name: level![2]!.trim() || `Level ${level![1]}`, start: node.heading.line, end: node.endLine, isLevelHeading: true };
      region.number = Number(level![1]);
      regions.push(region);
    } else if (node.kind === 'validation') {
      regions.push({ name: text, start: node.heading.line, end: node.ownEndLine, isLevelHeading: false });
    }
  });
  return regions;
}

function commandsIn(ctx: DocContext, region: Region): ValidationCommand[] {
  const raw: RawCommand[] = [];
  const { fences, listItems } = ctx.blocks;
  for (let i = firstAtOrAfter(fences, region.start); i < fences.length && fences[i]!.line <= region.end; i++) {
    const fence = fences[i]!;
    if (SHELL_LANGS.has(fence.lang)) raw.push(...commandsFromFence(fence.contentLines, fence.line + 1, fence.lang));
  }
  for (let i = firstAtOrAfter(listItems, region.start); i < listItems.length && listItems[i]!.line <= region.end; i++) {
    const command = inlineCommand(listItems[i]!.text);
    if (command) raw.push({ command, line: listItems[i]!.line });
  }
  raw.sort((a, b) => a.line - b.line);
  return raw.map(({ command, line }) => {
    const result: ValidationCommand = { command, line };
    if (placeholderIn(command) !== undefined) result.placeholder = true;
    return result;
  });
}

/** Index of the first block (sorted by line) that starts at or after `line`. */
function firstAtOrAfter(blocks: ReadonlyArray<{ line: number }>, line: number): number {
  let lo = 0;
  let hi = blocks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid]!.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function report(ctx: DocContext, levels: ValidationLevel[]): void {
  const { sink } = ctx;
  for (const level of levels) {
    if (level.commands.length === 0) {
      sink.info('manual-validation-level', level.range.startLine, `Level ${level.level} ("${level.name.slice(0, 60)}") has no shell commands, so it cannot be checked automatically; put its commands in a \`\`\`bash block.`);
    }
    for (const command of level.commands) {
      const placeholder = placeholderIn(command.command);
      if (placeholder !== undefined) {
        sink.warning('placeholder-command', command.line, `Validation command \`${command.command.slice(0, 80)}\` contains the template placeholder \`${placeholder}\`; replace it with a real value or the check cannot run.`);
      }
    }
  }
  if (levels.some((level) => level.commands.length > 0)) return;
  const section = ctx.sections.find((node) => node.kind === 'validation');
  if (section) {
    sink.info('no-validation', section.heading.line, 'The validation section holds no shell commands (only prose or non-shell code), so task results cannot be checked automatically; add them in a ```bash block.');
  } else {
    sink.warning('no-validation', 1, 'No validation commands found, so task results cannot be checked automatically. Add a `## Validation Loop` section with `### Level 1: ...` headings and ```bash blocks.');
  }
}

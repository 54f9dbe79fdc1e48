import { parse } from 'yaml';

/** The parts of a markdown file with YAML frontmatter. */
export interface FrontmatterSplit {
  /** The text between the opening and closing `---` lines, or undefined when the file has no frontmatter. */
  yaml: string | undefined;
  /** Everything after the closing `---` line (the whole text when there is no frontmatter). */
  body: string;
}

/** Thrown by {@link parseFrontmatterYaml} when the YAML cannot be read even leniently. */
export class FrontmatterError extends Error {
  readonly reason = 'invalid-yaml';
  constructor(message: string) {
    super(message);
    this.name = 'FrontmatterError';
  }
}

const FENCE = /^---[ \t]*$/;
const CLOSING_FENCE = /^(?:---|\.\.\.)[ \t]*$/;

/** Splits `---` delimited frontmatter from the body; line endings are normalised to `\n`. */
export function splitFrontmatter(text: string): FrontmatterSplit {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { yaml: undefined, body: normalised };
  const closing = lines.findIndex((line, i) => i > 0 && CLOSING_FENCE.test(line));
  // An opening fence that is never closed is not frontmatter, just a horizontal rule.
  if (closing === -1) return { yaml: undefined, body: normalised };
  return { yaml: lines.slice(1, closing).join('\n'), body: lines.slice(closing + 1).join('\n') };
}

/**
 * Parses frontmatter YAML. Hand-written subagent files often hold a plain description with `: ` inside
 * (`description: Use when: ...`), which strict YAML rejects although Claude Code reads it; so when the strict
 * parse fails, single-line top-level values are quoted and the parse is tried once more.
 */
export function parseFrontmatterYaml(yaml: string): unknown {
  try {
    return parse(yaml);
  } catch (strictError) {
    try {
      return parse(quotePlainValues(yaml));
    } catch {
      throw new FrontmatterError(firstLine(strictError));
    }
  }
}

const PLAIN_TOP_LEVEL = /^([A-Za-z_][\w-]*):[ \t]+(.+)$/;

function quotePlainValues(yaml: string): string {
  return yaml
    .split('\n')
    .map((line) => {
      const match = PLAIN_TOP_LEVEL.exec(line);
      if (!match) return line;
      const value = match[2]!.trim();
      // Values that already use YAML syntax (quotes, flow lists, block scalars, anchors) are left alone.
      if (/^["'[{|>&*!]/.test(value)) return line;
      return `${match[1]}: ${JSON.stringify(value)}`;
    })
    .join('\n');
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

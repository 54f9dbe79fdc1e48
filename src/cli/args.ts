import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What a command accepts; `help` is added to every command. */
export interface CommandSpec<O extends OptionsConfig> {
  name: string;
  options: O;
  /** How many positional arguments the command takes at most. */
  maxPositionals: number;
}

/**
 * Strict `util.parseArgs` with errors turned into one-line usage errors that name the offending flag and
 * point at the command's `--help`.
 */
export function parseCommandArgs<O extends OptionsConfig>(spec: CommandSpec<O>, argv: string[]) {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), spec.name);
  }
  if (parsed.positionals.length > spec.maxPositionals) {
    const extra = parsed.positionals[spec.maxPositionals];
    throw new UsageError(`unexpected argument '${extra}'`, spec.name);
  }
  return parsed;
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1]?.replace(/ <value>$/, '');
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${quoted ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `option ${quoted} does not take a value`
        : `option ${quoted} needs a value`;
    default:
      return message.split('. ')[0] ?? message;
  }
}

/** A whole number within [min, max], or a usage error naming the flag and what it expected. */
export function intOption(command: string, flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${flag} expects a whole number from ${min} to ${max}, got '${raw}'`, command);
  }
  return value;
}

/** A finite number greater than zero, or a usage error. */
export function positiveOption(command: string, flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${flag} expects a number greater than 0, got '${raw}'`, command);
  }
  return value;
}

/** One of the allowed words, or a usage error listing them. */
export function enumOption<T extends string>(command: string, flag: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${flag} expects ${allowed.join(' or ')}, got '${raw}'`, command);
  }
  return raw as T;
}

/** The PRP path argument, or a usage error saying it is missing. */
export function requirePrpPath(value: string | undefined, command: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(`missing the PRP file, e.g. 'prp-orchestrator ${command} PRPs/feature.md'`, command);
  }
  return value;
}

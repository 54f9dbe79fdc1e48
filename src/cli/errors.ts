/** Exit codes the CLI uses; documented in the README and in `--help`. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/**
 * An error the CLI reports as one line on stderr and turns into an exit code. Anything else that reaches
 * the top level is a bug and is reported as "unexpected".
 */
export class CliError extends Error {
  constructor(
    /** Stable machine-readable cause, e.g. `unreadable-file`, `no-tasks`, `cycle`, `bad-input`. */
    readonly reason: string,
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(oneLine(message));
    this.name = 'CliError';
  }
}

/** A mistake in how the command was called: unknown flag, missing argument, bad value. Exits 2. */
export class UsageError extends CliError {
  constructor(message: string, command?: string) {
    const help = command ? `prp-orchestrator ${command} --help` : 'prp-orchestrator --help';
    super('usage', `${oneLine(message)} (see '${help}')`, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** Folds whitespace runs (newlines included) so every error stays on a single line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

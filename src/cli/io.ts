/**
 * Where a command writes and what it knows about its surroundings. Commands never touch `process` directly,
 * so they can be driven from tests and the signal handling stays in one place (main.ts).
 */
export interface CliIo {
  /** Writes one line to stdout (a newline is added). */
  out(line: string): void;
  /** Writes one line to stderr (a newline is added). */
  err(line: string): void;
  /** Directory relative paths are resolved against; also the workspace root for runs. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal that accepts colour (and NO_COLOR is unset). */
  color: boolean;
  /** Lets a long-running command react to Ctrl-C / SIGTERM; returns a function that removes the handler. */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Leaves at once; only for a second Ctrl-C, when waiting for agents to stop is not wanted. */
  exit(code: number): never;
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
    exit: (code) => process.exit(code),
  };
}

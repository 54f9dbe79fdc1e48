/** splitCommandLine: POSIX-style word splitting without a shell. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CommandLineError, CommandRunner, CommandRunnerError, splitCommandLine } from '../../src/orchestrator/runners';

describe('splitCommandLine', () => {
  it.each([
    ['claude -p --verbose', ['claude', '-p', '--verbose']],
    ['  spaced \t out  ', ['spaced', 'out']],
    [`agent --name 'two words' "and more"`, ['agent', '--name', 'two words', 'and more']],
    [`say "it's" 'a "quote"'`, ['say', "it's", 'a "quote"']],
    [String.raw`escaped\ space "x\"y" 'back\slash'`, ['escaped space', 'x"y', String.raw`back\slash`]],
    [String.raw`"a\\b" "\$HOME" "\n"`, [String.raw`a\b`, '$HOME', String.raw`\n`]],
    [`glued"together"'now'`, ['gluedtogethernow']],
    [`empty "" ''`, ['empty', '', '']],
    ['no $VAR ~ * | ; && expansion', ['no', '$VAR', '~', '*', '|', ';', '&&', 'expansion']],
    ['line \\\ncontinued', ['line', 'continued']],
  ])('splits %j', (line, argv) => {
    expect(splitCommandLine(line)).toEqual(argv);
  });

  it.each([
    [`open 'quote`, 'unterminated-quote', /single quote at column 6/],
    [`open "quote`, 'unterminated-quote', /double quote at column 6/],
    ['ends with \\', 'trailing-backslash', /backslash/],
    ['   ', 'empty', /empty/],
  ])('rejects %j', (line, reason, message) => {
    const error = (() => {
      try {
        splitCommandLine(line);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CommandLineError);
    expect(error).toMatchObject({ reason });
    expect((error as Error).message).toMatch(message);
  });

  it('gives back any argv that was single-quoted word by word', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 8 }), (argv) => {
        const line = argv.map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
        expect(splitCommandLine(line)).toEqual(argv);
      }),
    );
  });
});

describe('CommandRunner construction', () => {
  it('refuses an empty command', () => {
    expect(() => new CommandRunner({ argv: [] })).toThrow(CommandRunnerError);
    expect(() => new CommandRunner({ argv: [''] })).toThrow(/argv must hold at least the program/);
  });
});

/**
 * parseArgs reads `psp-migrate COMMAND …` with a parser of that command's
 * options alone (the full parser renders the whole help text on every run);
 * whatever that parser does not take goes to the full one. Both must agree on
 * every command line: the same arguments, the same errors, the same output.
 */
import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli.js';
import type { Parsed } from './cli.js';

const COMMAND_LINES: string[][] = [
  ['convert'],
  ['check'],
  ['convert', '-f', 'x'],
  ['convert', '-f', '-'],
  ['convert', '--filename=x', '-f', 'y'],
  ['convert', '-f', 'a', '-f', 'b', '--out-dir', 'o', '--diff'],
  ['convert', '-f', 'a', 'b', '--check'],
  ['convert', '--no-gatekeeper', '--no-mutations', '--enforcement-action', 'warn'],
  ['convert', '--gatekeeper=false', '--check=false'],
  ['convert', '--exempt-namespace', 'a', '--exempt-namespace', 'b'],
  ['convert', '--exemptNamespace', 'a', '--pssVersion', 'v1.2'],
  ['convert', '--report', 'md', '--report-file', 'r.md'],
  ['convert', '-o', 'json', '--tighten', '--fail-on', 'gap'],
  ['convert', '--pss-version', 'v1.30'],
  ['check', '--level', 'restricted', '-o', 'json'],
  // Errors: the full parser says what they are.
  ['convert', '--enforcement-action', 'bad'],
  ['check', '--level', 'x'],
  ['check', '-o', 'yaml'],
  ['check', '--tighten'],
  ['convert', '--level', 'restricted'],
  ['convert', '--frobnicate'],
  ['convert', 'extra'],
  ['convert', 'check'],
  ['convert', '--', 'x'],
  ['convert', '-f'],
  ['convert', '--out-dir'],
  ['convert', '-o'],
  // Help and version: the full parser prints them.
  ['convert', '--help'],
  ['check', '-h'],
  ['convert', '--version'],
  ['--version'],
  ['-f', 'x', 'convert'],
  [],
];

function comparable(p: Parsed): unknown {
  return { error: p.error?.message, output: p.output, args: p.args };
}

describe('parseArgs', () => {
  it.each(COMMAND_LINES.map((argv) => [argv.join(' ') || '(nothing)', argv]))('reads %s as the full parser does', async (_name, argv) => {
    expect(comparable(await parseArgs(argv as string[]))).toEqual(comparable(await parseArgs(argv as string[], { quick: false })));
  });
});

/**
 * parseArgs reads `psp-migrate COMMAND …` with Node's own parser (yargs is
 * slow to load and renders the whole help text on every run); whatever that
 * parser does not take goes to yargs, the full parser. Both must agree on
 * every command line: the same arguments (those main() reads), the same
 * errors, the same output.
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
  ['convert', '--out-dir', 'a', '--out-dir', 'b'],
  ['convert', '--report', 'md', '-f', 'x', '--no-tighten', '--mutations'],
  ['check', '-f=x', '--output=json'],
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

/** What main() reads of the arguments (yargs adds aliases, kebab-case twins and `$0`). */
const READ = ['_', 'filename', 'level', 'pssVersion', 'output', 'exemptNamespace', 'tighten', 'gatekeeper', 'mutations', 'enforcementAction', 'outDir', 'diff', 'check', 'report', 'reportFile', 'failOn'] as const;

function comparable(p: Parsed): unknown {
  const args = p.args ? Object.fromEntries(READ.filter((k) => p.args![k] !== undefined).map((k) => [k, p.args![k]])) : undefined;
  return { error: p.error?.message, output: p.output, args };
}

describe('parseArgs', () => {
  it.each(COMMAND_LINES.map((argv) => [argv.join(' ') || '(nothing)', argv]))('reads %s as the full parser does', async (_name, argv) => {
    expect(comparable(await parseArgs(argv as string[]))).toEqual(comparable(await parseArgs(argv as string[], { quick: false })));
  });
});

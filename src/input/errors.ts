/**
 * User-facing input errors. Every error the user can fix carries the place it
 * comes from (`file:line:column`) and a hint saying what to do; the CLI prints
 * them without a stack trace and exits 2.
 */

/** A position in an input file. Lines and columns are 1-based. */
export interface Pos {
  file: string;
  line: number;
  col: number;
}

export function formatPos(pos: Pos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

export interface Problem {
  /** Where it is; absent only for errors that concern no file (e.g. "no input"). */
  pos?: Pos;
  /** What is wrong, one line. */
  message: string;
  /** What to do about it, one line. */
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.pos ? `${formatPos(p.pos)}: ` : '';
  const hint = p.hint ? `\n  hint: ${p.hint}` : '';
  return `${where}error: ${p.message}${hint}`;
}

/** One or more problems with the input; the run stops and nothing is written. */
export class InputError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: Problem | readonly Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = list;
  }
}

/**
 * Typed reading of one object's fields, with the API server's type rules and
 * a positioned problem for every mismatch ("wrong types" are input errors).
 */
import type { Pos, Problem } from '../input/errors.js';
import type { RawObject } from '../input/read.js';
import type { Path } from '../input/source-map.js';

/** Whether a parsed value is a mapping (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Sets a key of a plain object as its own data property. A key such as
 * `__proto__` is data, as the parsers keep it: assigned, it would set the
 * object's prototype instead.
 */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** `spec.runAsUser.ranges[0].min`, `metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${part}]`;
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value)}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'number':
      return `the number ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

const YAML11_HINT = 'YAML 1.1, which Kubernetes reads, takes unquoted yes/no/on/off/y/n as booleans and digits as numbers: quote the value';

export class FieldReader {
  readonly problems: Problem[] = [];

  constructor(readonly obj: RawObject) {}

  pos(path: Path): Pos {
    return this.obj.map.at(path);
  }

  has(path: Path): boolean {
    return this.get(path) !== undefined;
  }

  /** The raw value at a path; undefined where any step is missing or not a container. null counts as missing, as in Go. */
  get(path: Path): unknown {
    let cur: unknown = this.obj.value;
    for (const part of path) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string | number, unknown>)[part];
    }
    return cur === null ? undefined : cur;
  }

  problem(path: Path, message: string, hint?: string): void {
    this.problems.push({ pos: this.pos(path), message: `${formatPath(path)}: ${message}`, ...(hint ? { hint } : {}) });
  }

  private typeError(path: Path, expected: string, value: unknown): undefined {
    const hint = expected === 'a string' && (typeof value === 'boolean' || typeof value === 'number') ? YAML11_HINT : 'fix the field type; the API server would reject this object';
    this.problem(path, `expected ${expected}, found ${describe(value)}`, hint);
    return undefined;
  }

  str(path: Path): string | undefined {
    const v = this.get(path);
    if (v === undefined || typeof v === 'string') return v;
    return this.typeError(path, 'a string', v);
  }

  bool(path: Path): boolean | undefined {
    const v = this.get(path);
    if (v === undefined || typeof v === 'boolean') return v;
    return this.typeError(path, 'a boolean (true or false)', v);
  }

  int(path: Path): number | undefined {
    const v = this.get(path);
    if (typeof v === 'number' && Number.isInteger(v)) {
      // Past 2^53 a number is not the integer written (9223372036854775807 reads as 9223372036854775808, past
      // int64): the Constraint would carry another number, or one the API server refuses. Loud, not changed.
      if (!Number.isSafeInteger(v)) {
        this.problem(path, `Invalid value: the integer is beyond ±${Number.MAX_SAFE_INTEGER}, the most psp-migrate can keep exactly`, 'no user or group ID is past 4294967295 (the largest on Linux), and no port past 65535: a bound there admits the same pods');
        return undefined;
      }
      // `-0` is 0 to the API server (Go decodes it into an int64); kept as -0, js-yaml would write it `-0.0`, a float.
      return v === 0 ? 0 : v;
    }
    if (v === undefined) return v;
    return this.typeError(path, 'an integer', v);
  }

  map(path: Path): Record<string, unknown> | undefined {
    const v = this.get(path);
    if (v === undefined || (typeof v === 'object' && !Array.isArray(v))) return v as Record<string, unknown> | undefined;
    return this.typeError(path, 'a mapping', v);
  }

  list(path: Path): unknown[] | undefined {
    const v = this.get(path);
    if (v === undefined || Array.isArray(v)) return v;
    return this.typeError(path, 'a list', v);
  }

  /** A list of strings; wrong items are reported and left out. */
  strList(path: Path): string[] | undefined {
    const items = this.list(path);
    if (items === undefined) return undefined;
    const out: string[] = [];
    items.forEach((_, i) => {
      const s = this.str([...path, i]);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /**
   * A map of strings to strings (labels, annotations): every object of a dump
   * has two, so the values are read straight from the map (a path is made
   * only to report a wrong one).
   */
  strMap(path: Path): Record<string, string> {
    const m = this.map(path);
    const out: Record<string, string> = {};
    if (!m) return out;
    for (const key of Object.keys(m)) {
      const v = m[key];
      if (v === null || v === undefined) continue; // null counts as missing, as in get()
      if (typeof v !== 'string') {
        this.typeError([...path, key], 'a string', v);
        continue;
      }
      setOwn(out, key, v);
    }
    return out;
  }
}

/**
 * What go-yaml v2 reads as a number. go-yaml v2 is what the API server and
 * kubectl read YAML with (through sigs.k8s.io/yaml), so both YAML readers
 * here (./yaml.ts, the exact one, and ./fast-yaml.ts) resolve plain scalars
 * with goYamlScalar. Kept apart from them: the parse worker loads the fast
 * reader only.
 */

/** A number as go-yaml v2 reads a plain scalar: an integer or a float (the same JSON number either way). */
export type GoNumber = { kind: 'int' | 'float'; value: number };

/** go-yaml's yamlStyleFloat, tried on the scalar without its underscores (the manifest writer quotes what it matches). */
export const GO_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat takes of a scalar that starts with `.`: Go's syntax, underscores only between digits. */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
/** strconv.ParseInt and ParseUint with base 0, after the sign: a base prefix (with a digit after it), or a leading 0 for octal. */
const GO_BASE0 = /^(?:0[xX]([0-9a-fA-F]+)|0[oO]([0-7]+)|0[bB]([01]+)|0([0-7]*)|([1-9][0-9]*))$/;

/** A decimal integer well within 2^53, without underscores: the usual number (a port, a replica count), read directly. */
const SMALL_DECIMAL = /^[-+]?(?:0|[1-9][0-9]{0,14})$/;
/** The only characters a number of go-yaml's has (signs, `_`, the point, digits, base letters, hex digits, `e`): a timestamp, an IP address with a port or a quantity (`100m`) is a string at once. */
const NUMBER_CHARACTERS = /^[-+_.0-9a-fA-FxXoObB]+$/;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * strconv.ParseInt(s, base, 64), and then ParseUint (which takes no sign)
 * for what is out of ParseInt's range: the value, or undefined when both fail.
 */
function goParseInt(s: string, base: 0 | 2): number | undefined {
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  const rest = s.slice(sign.length);
  let digits: bigint;
  if (base === 2) {
    if (!/^[01]+$/.test(rest)) return undefined;
    digits = BigInt(`0b${rest}`);
  } else {
    const m = GO_BASE0.exec(rest);
    if (!m) return undefined;
    const [, hex, oct, bin, leadingZero, dec] = m;
    digits = hex !== undefined ? BigInt(`0x${hex}`) : oct !== undefined ? BigInt(`0o${oct}`) : bin !== undefined ? BigInt(`0b${bin}`) : leadingZero !== undefined ? (leadingZero === '' ? 0n : BigInt(`0o${leadingZero}`)) : BigInt(dec!);
  }
  const value = sign === '-' ? -digits : digits;
  const int64 = value <= INT64_MAX && value >= -INT64_MAX - 1n;
  if (!int64 && (sign !== '' || value > UINT64_MAX)) return undefined;
  // (Beyond 2^53 the number is rounded, as JSON.parse rounds it; FieldReader refuses such integers where it reads one.)
  return Number(value);
}

/**
 * How go-yaml v2 reads a plain scalar that is not one of its words (the
 * booleans, nulls, `.inf`, `.nan` and `<<`, which the schema's other tags
 * read): a number, or undefined for a string. go-yaml v2 is what the API
 * server and kubectl read YAML with (through sigs.k8s.io/yaml); this follows
 * its resolve.go (v2.4):
 * - a scalar starting with `.` is a float when strconv.ParseFloat takes it
 *   as written (`.5`, `.5e3`; not `.`, `.e5` or `._5`);
 * - one starting with a digit, `+` or `-` loses every `_`, then is an
 *   integer when strconv.ParseInt or ParseUint with base 0 takes it (`0x1F`,
 *   `0o17`, `017` octal, `+_1`, `0_` is 0), a float when it matches
 *   yamlStyleFloat and is in range (`08`, `1e3`; `1e400` stays a string), or
 *   binary after `0b` with a sign (`0b-1` is -1);
 * - anything else is a string (`e5`, `0x_`).
 * The `yaml` package's YAML 1.1 schema read `.`, `e5` and `0_` as NaN (so a
 * namespace named `e5` could not be read) and `0o17` or `+_1` as strings.
 * go-yaml itself was the oracle for these rules: see the cases in
 * src/input/go-yaml.test.ts.
 */
export function goYamlScalar(s: string): GoNumber | undefined {
  const c = s.charCodeAt(0);
  if (c === 0x2e) {
    if (!GO_DOT_FLOAT.test(s)) return undefined;
    const value = Number(s.replace(/_/g, ''));
    return Number.isFinite(value) ? { kind: 'float', value } : undefined;
  }
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d)) return undefined;
  if (SMALL_DECIMAL.test(s)) {
    // (ParseInt gives 0 for -0: an integer has no sign of its own. Those below come from a BigInt, which has no -0.)
    const value = Number(s);
    return { kind: 'int', value: value === 0 ? 0 : value };
  }
  if (!NUMBER_CHARACTERS.test(s)) return undefined;
  const plain = s.includes('_') ? s.replace(/_/g, '') : s;
  const int = goParseInt(plain, 0);
  if (int !== undefined) return { kind: 'int', value: int };
  if (GO_STYLE_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return { kind: 'float', value };
  }
  let binary: number | undefined;
  if (plain.startsWith('0b')) binary = goParseInt(plain.slice(2), 2);
  else if (plain.startsWith('-0b')) binary = goParseInt(`-${plain.slice(3)}`, 2);
  return binary === undefined ? undefined : { kind: 'int', value: binary };
}

/**
 * Message helpers shared by the checks. Follows upstream `policy/helpers.go` (joinQuote, pluralize) and the
 * Go formatting the checks rely on (`%q`, sorted string sets).
 */
/** `"a", "b"`; empty string for an empty list. Nothing is escaped, as upstream. */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** `container "a"` or `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** `pod`, `containers "a", "b"` or `pod and container "a"`: who set a forbidden value. */
export function settersPhrase(pod: boolean, containerNames: readonly string[]): string {
  const setters: string[] = [];
  if (pod) setters.push('pod');
  if (containerNames.length > 0) setters.push(containersPhrase(containerNames));
  return setters.join(' and ');
}

/** Unique values sorted byte-wise, like Go's `sets.List()` / `sort.Strings`. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareBytewise);
}

/**
 * Byte-wise order of the UTF-8 encodings, i.e. code point order. JavaScript's default sort compares UTF-16 code
 * units, which differs only for characters above U+FFFF versus U+E000–U+FFFF.
 */
export function compareBytewise(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

/** Moves surrogates (code points above U+FFFF) after the rest of the BMP. */
function codeUnitRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '"': '\\"', '\\': '\\\\',
};
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's `%q` / `strconv.Quote` for a string: printable characters kept, others escaped. */
export function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const escape = GO_ESCAPES[char];
    if (escape !== undefined) {
      out += escape;
      continue;
    }
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      out += '\uFFFD'; // a lone surrogate cannot come from valid UTF-8; Go's decoder yields U+FFFD
    } else if (PRINTABLE.test(char)) {
      out += char;
    } else if (codePoint < 0x80) {
      out += `\\x${hex(codePoint, 2)}`;
    } else if (codePoint <= 0xffff) {
      out += `\\u${hex(codePoint, 4)}`;
    } else {
      out += `\\U${hex(codePoint, 8)}`;
    }
  }
  return `${out}"`;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * A fast path for the bulk of large cluster dumps: one item of a `kind: List`
 * read with js-yaml instead of the `yaml` package (about ten times faster),
 * giving exactly the value that the exact path (./yaml.ts: the `yaml`
 * package with YAML 1.1 as go-yaml v2 reads it, then `doc.toJS()`) gives — or
 * `undefined` when the text holds anything where the two might differ, or
 * where the exact path would report a problem: the caller then reads the item
 * with the exact path, which gives the value or the positioned error message.
 *
 * The refusal rules (`mustRefuse` below) are a cheap scan of the whole text
 * that does not know where quoted scalars, comments and block scalars are: a
 * false positive costs only speed, a false negative would be a wrong value,
 * so they err on the side of refusing. Text that kubectl writes (go-yaml
 * output) is nearly always accepted.
 *
 * Where js-yaml 4 and the exact path part ways (found by the differential
 * tests in ./fast-yaml.test.ts), and what the fast path does about it:
 * - Plain scalars: js-yaml's default schema is YAML 1.2 core (`yes` is a
 *   string, `0777` decimal, timestamps are Dates). KUBERNETES_YAML11_SCHEMA
 *   resolves them as the exact path does: YAML 1.1's words, and numbers as
 *   go-yaml v2 reads them (goYamlScalar in ./go-yaml.ts; integers beyond 2^53
 *   round, as JSON.parse rounds them).
 * - A null key (`~: x`, `null: x`, `: x`, `{null}`): "" in the exact path,
 *   "null" in js-yaml. Refused.
 * - A collection as a key: reported by the exact path, stringified by js-yaml
 *   ("a,b", "[object Object]"). Refused.
 * - Keys that are equal only after conversion to strings (`1` and `"1"`,
 *   `.nan` twice): duplicates for js-yaml (an error: refused), not for the
 *   exact path. Equal keys (`on` and `true`) are duplicates for both.
 * - Merge keys, anchors, aliases, tags, explicit keys `?`, directives,
 *   document markers, Go templates `{{`: refused (the exact path bounds alias
 *   expansion and reports templates; merges differ in details).
 * - js-yaml reads, where the exact path reports an error: tabs in the
 *   indentation, a comment right after a quoted scalar (`"x"#c`), implicit
 *   keys over 1024 characters, `\U` escapes beyond U+10FFFF, a lone carriage
 *   return as a line break, lines less indented than a root that starts
 *   indented, some comment lines in flow collections, continuation lines of
 *   quoted scalars and flow collections not indented enough (js-yaml only
 *   warns: the warning makes us refuse), a sequence entry empty on its line
 *   followed by a less indented `- ` (js-yaml takes it for the next entry).
 * - Values that differ: block scalars with lines of spaces only (keep
 *   chomping, indentation indicators), block scalars at the root with an
 *   indentation indicator, empty lines after an escaped line break in a
 *   double-quoted scalar, a byte order mark after a line break (the `yaml`
 *   package drops it), nested compact sequences (`- - a`). Refused.
 * - js-yaml reports what the exact path reads: non-printable characters,
 *   nesting deeper than 100. js-yaml's error makes us refuse.
 * - `__proto__` keys: both make an own property. Accepted.
 */
import yaml from 'js-yaml';
import { POSITIONLESS_KINDS, childKey } from './source-map.js';
import { goYamlScalar } from './go-yaml.js';
import type { GoNumber } from './go-yaml.js';

// ---------------------------------------------------------------------------
// YAML 1.1 scalars as the exact path (./yaml.ts) resolves them: the `yaml`
// package's words for null, booleans, .inf and .nan (go-yaml v2 has the same
// words), and numbers as go-yaml v2 reads them (goYamlScalar). No timestamps
// and no sexagesimal numbers (see ./yaml.ts).

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** goYamlScalar of the last scalar asked about: js-yaml asks the int type, then the float type, to resolve and then to construct the same text. */
let lastScalar: string | undefined;
let lastNumber: GoNumber | undefined;
function goNumber(s: string): GoNumber | undefined {
  if (s !== lastScalar) {
    lastScalar = s;
    lastNumber = goYamlScalar(s);
  }
  return lastNumber;
}

function floatValue(str: string): number {
  if (FLOAT_NAN.test(str)) {
    if (str.slice(-3).toLowerCase() === 'nan') return NaN;
    return str[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return goNumber(str)!.value;
}

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => data.length <= 4 && NULL.test(data),
  construct: () => null,
});

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => data.length <= 5 && (TRUE.test(data) || FALSE.test(data)),
  construct: (data: string) => TRUE.test(data),
});

const intType = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => goNumber(data)?.kind === 'int',
  construct: (data: string) => goNumber(data)!.value,
});

const floatType = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => FLOAT_NAN.test(data) || goNumber(data)?.kind === 'float',
  construct: floatValue,
});

/** `<<` as a key merges mappings; elsewhere (a value) it stays the string "<<", as in the `yaml` package. */
const mergeType = new yaml.Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: string) => data === '<<',
});

/**
 * YAML 1.1 resolution of plain scalars as in the exact path (the `yaml`
 * package's yaml-1.1 words, go-yaml v2's numbers).
 * js-yaml keeps one type per tag (a later type replaces an earlier one with
 * the same tag and kind), so each tag has one type covering all its formats;
 * FAILSAFE_SCHEMA brings str, seq and map. Plain scalars only: the explicit
 * tags (`!!int`, `!!binary`, …) are not given, and fastYamlItem refuses
 * texts with tags.
 */
export const KUBERNETES_YAML11_SCHEMA: yaml.Schema = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeType],
  explicit: [],
});

// ---------------------------------------------------------------------------
// Refusal rules: one pass over the text (about ten times cheaper than as many
// regular expressions; some 10% of js-yaml's time). It does not know where
// quoted scalars, comments and block scalars are: it looks at every
// character, and refuses on the patterns below wherever they are.
//
// A *node start* is the start of a line (after the indentation), or follows
// a `-` followed by white space, or one of `[ { , :` (then any spaces and
// tabs): where a node, with its properties, may start (`:` also when not
// followed by white space: a JSON-like key's adjacent value `{"a":&x b}`).
// Within a plain scalar (`echo a && b`, `kube-*`) the same characters are
// content. At a node start, the text is refused on
// - an anchor `&a`, alias `*a`, or tag `!t`, `!!str`, `!`;
// - an explicit key `? ` (`?` then white space, a flow indicator, or the end);
// - a null key: `: `, `~: `, `null: `, `Null: `, `NULL: `, and in flow
//   mappings `{null}`, `{a, ~}` (the exact path makes the key "", js-yaml
//   "null"; in flow sequences, `[null, x]` is refused too).
// Anywhere:
// - `{{` (Go templates: the exact path reports them);
// - `]` or `}` then `:` (a flow collection as a key), white space and line
//   breaks between allowed; `{` or `,` then `[` or `{` (a flow collection as
//   an entry of a flow mapping: a key), white space, line breaks and
//   comments between allowed (so `[a, [b]]` is refused too);
// - `<<` then `:` (a merge key);
// - `\U` (in double-quoted scalars the exact path rejects code points beyond
//   U+10FFFF, js-yaml reads them), and `\` at the end of a line followed by
//   an empty line (an escaped line break: the parsers differ on the empty
//   lines after it);
// - `"`, `'`, `]` or `}` directly followed by `#` (the exact path requires
//   white space before a comment);
// - a `-` after white space or at a line start, followed by white space
//   then the end of the line or `#` (a sequence entry empty on its line:
//   js-yaml takes a less indented `- ` for the next entry of the same
//   sequence), or by spaces then `-` and white space (`- - a`, a compact
//   sequence in a sequence: the same);
// - a `:` 1000 characters or more into a line (an implicit key over 1024
//   characters is an error in the exact path only);
// - a byte order mark (the `yaml` package skips it within the text too), NEL,
//   LS or PS (line breaks in YAML 1.1, but not for the `yaml` package), a
//   carriage return not followed by a line feed.
// Per line:
// - a tab in the indentation (the exact path reports it, js-yaml reads it);
// - a line of spaces only (js-yaml and the exact path differ on them in
//   block scalars with keep chomping or an indentation indicator; go-yaml
//   writes no such line);
// - `%`, `---` or `...` at the start of a line (directives, document
//   markers);
// - a root that is a block scalar (the parsers differ on its indentation
//   indicator) or a flow collection, and a line (not blank, not a comment)
//   indented less than the first one (js-yaml may read it as part of the
//   root);
// - a comment line after a line that may have left a flow collection open
//   (the exact path rejects some comment lines in flow collections; kubectl
//   writes no comments, and no flow collections but `{}` and `[]`).

const enum C {
  Other = 0,
  Space,
  Tab,
  LineFeed,
  CarriageReturn,
  /** `[ { ,` */
  FlowOpen,
  /** `] }` */
  FlowClose,
  Dash,
  Colon,
  Question,
  /** `& * !` */
  Property,
  Quote,
  Hash,
  Less,
  Null,
  Backslash,
}

const CLASS = new Uint8Array(128);
CLASS[0x20] = C.Space;
CLASS[0x09] = C.Tab;
CLASS[0x0a] = C.LineFeed;
CLASS[0x0d] = C.CarriageReturn;
for (const ch of '[{,') CLASS[ch.charCodeAt(0)] = C.FlowOpen;
for (const ch of ']}') CLASS[ch.charCodeAt(0)] = C.FlowClose;
CLASS[0x2d] = C.Dash;
CLASS[0x3a] = C.Colon;
CLASS[0x3f] = C.Question;
for (const ch of '&*!') CLASS[ch.charCodeAt(0)] = C.Property;
for (const ch of `"'`) CLASS[ch.charCodeAt(0)] = C.Quote;
CLASS[0x23] = C.Hash;
CLASS[0x3c] = C.Less;
for (const ch of '~nN') CLASS[ch.charCodeAt(0)] = C.Null;
CLASS[0x5c] = C.Backslash;

/** Characters that end a `:` or `?` indicator, or a sequence entry's `-`: white space (any non-ASCII character counts, to be safe), a flow indicator, the end (NaN). */
function separates(c: number): boolean {
  return !(c > 0x20) || c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c >= 0x80;
}

/** White space or the end (NaN); any non-ASCII character counts, to be safe. */
function isWhiteOrEnd(c: number): boolean {
  return !(c > 0x20) || c >= 0x80;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Past white space and line breaks (any non-ASCII character counts as white space, to be safe). */
function skipSpace(text: string, j: number): number {
  for (;;) {
    const c = text.charCodeAt(j);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c >= 0x80) j++;
    else return j;
  }
}

/** Past white space, line breaks and comments (`#` to the end of the line). */
function skipSpaceAndComments(text: string, j: number): number {
  for (;;) {
    j = skipSpace(text, j);
    if (text.charCodeAt(j) !== 0x23) return j;
    while (j < text.length && text.charCodeAt(j) !== 0x0a) j++;
  }
}

/** At a node start `i` holding `~`, `n` or `N`: a null key (`~`, `null`, `Null`, `NULL`, then blanks, then `:` and a separator, or `,` or `}`)? */
function nullKeyAt(text: string, i: number): boolean {
  let j = i + 1;
  const c = text.charCodeAt(i);
  if (c !== 0x7e) {
    if (!(text.startsWith('ull', i + 1) || (c === 0x4e && text.startsWith('ULL', i + 1)))) return false;
    j = i + 4;
  }
  while (isBlank(text.charCodeAt(j))) j++;
  const c2 = text.charCodeAt(j);
  // `null: x`, or in a flow mapping a key without a value: `{null}`, `{a, ~}`.
  return (c2 === 0x3a && separates(text.charCodeAt(j + 1))) || c2 === 0x2c || c2 === 0x7d;
}

/**
 * Plain lines, the bulk of kubectl's YAML: `key: value`, `key:`, `- key: value`
 * or `- value`, with a key and value of word characters, `.`, `/`, `-` (not
 * first) and the like, a `:` in them only before such a character other than
 * `n` or `N` (an image tag), no spaces in the value, at most 900 characters
 * past the root indentation;
 * or a value of such characters in quotes (`cpu: "1"`). mustRefuse
 * would pass over such a line without refusing it or changing its state:
 * its characters are of the classes Other, Null (not at the start of a key
 * `null`, `Null` or `NULL`), Space, Dash (not starting an entry that is
 * empty or `- -`), Colon (never at a node's start, never past column
 * 1000) and Quote (not before `#`: a line without a flow collection is not
 * `unsure`); no tab, comment, flow indicator, property, `?`, `<<`,
 * backslash or non-ASCII character; a first character that is not `%`, `-`
 * or `.` (document markers); a line feed at its end. So it passes over a run
 * of them with one native match. One expression per root indentation, which
 * every line must have at least.
 */
const PLAIN_LINES: RegExp[] = [];

function plainLines(rootIndent: number): RegExp | undefined {
  if (rootIndent > 64) return undefined;
  // Runs of characters, a `:` before each later run (not before `n` or `N`: after a `:`, mustRefuse looks for a null key, `a:null: x`).
  const runs = '[\\w./@+=-]*(?::(?![nN])[\\w./@+=-]+)*';
  PLAIN_LINES[rootIndent] ??= new RegExp(
    `(?: {${rootIndent}}(?=[^\\n]{0,900}\\n) *(?:- )?(?!(?:null|Null|NULL) *:)[\\w/]${runs}(?:: (?:[\\w./@+=]${runs}|"[\\w./@+=-]*"|'[\\w./@+=-]*')|:)?\\n)+`,
    'y',
  );
  return PLAIN_LINES[rootIndent];
}

/**
 * Does the text hold anything that the fast path must leave to the exact
 * path? See above. `skipPlain` false looks at every character (the tests
 * check that skipping plain lines changes nothing).
 */
export function mustRefuse(text: string, skipPlain = true): boolean {
  const n = text.length;
  let rootIndent = -1;
  let plain: RegExp | undefined;
  /** Has a flow collection perhaps been left open at the end of a line? */
  let openFlow = false;
  let i = 0;
  while (i < n) {
    if (plain) {
      plain.lastIndex = i;
      if (plain.test(text)) {
        i = plain.lastIndex;
        if (i >= n) break;
      }
    }
    // The indentation.
    const lineStart = i;
    let c = text.charCodeAt(i);
    while (c === 0x20) c = text.charCodeAt(++i);
    const indent = i - lineStart;
    if (c === 0x09) return true;
    if (c === 0x0a || c === 0x0d || i >= n) {
      if (indent > 0) return true;
    } else if (c === 0x23) {
      if (openFlow) return true;
    } else {
      if (rootIndent < 0) {
        rootIndent = indent;
        if (skipPlain) plain = plainLines(indent);
        if (c === 0x7c || c === 0x3e || c === 0x5b || c === 0x7b) return true;
      } else if (indent < rootIndent) return true;
      if (indent === 0) {
        if (c === 0x25) return true;
        if ((c === 0x2d || c === 0x2e) && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) return true;
      }
    }
    // The rest of the line.
    let nodeStart = true;
    /** Flow collections opened and closed on this line, and whether it has quotes or `#` (which may hide brackets). */
    let opens = 0;
    let closes = 0;
    let unsure = false;
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      const cls = c < 0x80 ? CLASS[c]! : C.Other;
      switch (cls) {
        case C.Space:
        case C.Tab:
          continue;
        case C.LineFeed:
          break;
        case C.CarriageReturn:
          if (text.charCodeAt(i + 1) !== 0x0a) return true;
          continue;
        case C.FlowOpen:
          if (c === 0x7b && text.charCodeAt(i + 1) === 0x7b) return true;
          if (c !== 0x5b) {
            // A flow mapping's entry that is a collection (`{[a]}`, `{x: 1, {b: c}}`), also when in a flow sequence.
            const d = text.charCodeAt(skipSpaceAndComments(text, i + 1));
            if (d === 0x5b || d === 0x7b) return true;
          }
          if (c !== 0x2c && nodeStart) opens++;
          nodeStart = true;
          continue;
        case C.FlowClose: {
          const next = text.charCodeAt(i + 1);
          if (next === 0x23 || text.charCodeAt(skipSpace(text, i + 1)) === 0x3a) return true;
          closes++;
          nodeStart = false;
          continue;
        }
        case C.Dash: {
          const prev = i === lineStart ? 0x20 : text.charCodeAt(i - 1);
          if (prev === 0x20 || prev === 0x09 || prev >= 0x80) {
            let j = i + 1;
            while (isBlank(text.charCodeAt(j))) j++;
            const d = text.charCodeAt(j);
            if (d === 0x0a || d === 0x0d || d === 0x23 || j >= n) return true;
            if (j > i + 1 && d === 0x2d && isWhiteOrEnd(text.charCodeAt(j + 1))) return true;
          }
          // `- ` is a sequence entry; `-` then anything else is content (`kube-*`).
          nodeStart = isWhiteOrEnd(text.charCodeAt(i + 1));
          continue;
        }
        case C.Colon:
          if (nodeStart && separates(text.charCodeAt(i + 1))) return true;
          if (i - lineStart >= 1000) return true;
          nodeStart = true;
          continue;
        case C.Question:
          if (nodeStart && separates(text.charCodeAt(i + 1))) return true;
          nodeStart = false; // `?x` is content
          continue;
        case C.Property:
          if (nodeStart) return true;
          nodeStart = false;
          continue;
        case C.Quote:
          if (text.charCodeAt(i + 1) === 0x23) return true;
          unsure = true;
          nodeStart = false;
          continue;
        case C.Hash:
          unsure = true;
          nodeStart = false;
          continue;
        case C.Less:
          if (text.charCodeAt(i + 1) === 0x3c && text.charCodeAt(skipSpace(text, i + 2)) === 0x3a) return true;
          nodeStart = false;
          continue;
        case C.Null:
          if (nodeStart && nullKeyAt(text, i)) return true;
          nodeStart = false;
          continue;
        case C.Backslash: {
          const next = text.charCodeAt(i + 1);
          if (next === 0x55) return true; // `\U`
          if (next === 0x0a || next === 0x0d) {
            const j = next === 0x0d ? i + 3 : i + 2;
            const after = text.charCodeAt(j);
            if (after === 0x0a || after === 0x0d) return true;
          }
          nodeStart = false;
          continue;
        }
        default:
          if (c >= 0x80 && (c === 0xfeff || c === 0x85 || c === 0x2028 || c === 0x2029)) return true;
          nodeStart = false;
          continue;
      }
      break; // a line feed
    }
    if (opens > 0 && !openFlow) {
      let last = i - 1;
      while (last > lineStart && text.charCodeAt(last) <= 0x20) last--;
      const lc = text.charCodeAt(last);
      openFlow = unsure || opens !== closes || (lc !== 0x5d && lc !== 0x7d);
    }
    i++;
  }
  return false;
}

/**
 * js-yaml warns (and reads on) where the exact path reports an error: a
 * continuation line of a quoted scalar or flow collection indented no more
 * than its parent ("deficient indentation").
 */
function refuseWarning(warning: Error): never {
  throw warning;
}

/**
 * One List item (or any one-document YAML text; the root may be indented)
 * read with js-yaml and KUBERNETES_YAML11_SCHEMA: the same value as the exact
 * path's `doc.toJS()`, or `undefined` when the text must go through the exact
 * path (see the module comment). Never throws.
 */
export function fastYamlItem(text: string): unknown | undefined {
  if (mustRefuse(text)) return undefined;
  try {
    return yaml.load(text, { schema: KUBERNETES_YAML11_SCHEMA, onWarning: refuseWarning });
  } catch {
    return undefined;
  }
}

/** A mapping key on a line of plain block YAML: a Kubernetes field name or annotation key (starting with a letter: no numbers), then `:` and the end of the line or a value. */
const PLAIN_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +(.*))?$/;
/** Whether YAML 1.1 reads a plain key as a string: the exact path records `on:` and `y:` as `true` (the schema's own resolvers, above). */
function isStringKey(key: string): boolean {
  return !NON_STRING_TYPES.some((t) => t.resolve(key));
}
const NON_STRING_TYPES = [nullType, boolType, intType, floatType];
/**
 * A value on such a line: one plain word (names, groups, `psp:x`,
 * `system:serviceaccount:ns:sa`, `runtime/default,`, `kernel.*`; not ending in `:`,
 * which would make `- a:` a mapping) or a simple quoted scalar (kubectl's
 * `'*'`, a PSP's `"*"`; no escapes).
 */
const PLAIN_VALUE = /^(?:[A-Za-z0-9_./](?:[A-Za-z0-9_./:@=+,*-]*[A-Za-z0-9_./@=+,*-])?|'[^'\n]*'|"[^"\\\n]*")$/;

interface BlockFrame {
  kind: 'map' | 'seq';
  /** The column of its keys or dashes (0-based). */
  col: number;
  /** Its path, as childKey builds it. */
  key: string;
  /** A sequence's items so far. */
  count: number;
}

/**
 * Where each key and sequence item of a one-document YAML text starts — the
 * table the exact path (./yaml.ts `walk`) records, found without parsing —
 * for the simplest block YAML only: every line a `key:`, `key: value` or
 * `- value`/`- key: value` with plain one-word or simple quoted
 * values, spaces for indentation, no comments, flow collections, block or
 * multi-line scalars, anchors, aliases or tags, keys YAML 1.1 reads as
 * other than strings, `items` keys or pod kinds. `undefined` for anything
 * else (the caller parses it exactly). This is how kubectl writes RBAC
 * objects (and most PSPs), and the exact `yaml` parse of a small object costs about a third
 * of a millisecond: a large dump's bindings with user subjects (each a
 * finding with the subject's position) took 0.6 s. `start` is where the text
 * starts in its file. Equal to the exact table on what it accepts
 * (./fast-yaml.test.ts compares them).
 */
export function plainBlockPositions(text: string, start: { line: number; col: number }): Map<string, readonly [number, number]> | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const table = new Map<string, readonly [number, number]>();
  const stack: BlockFrame[] = [];
  /** A key whose value starts on a later line (or is null). */
  let pending: { key: string; col: number } | undefined;
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    let i = 0;
    while (line.charCodeAt(i) === 0x20) i++;
    if (i === line.length) continue; // blank
    const at = (c: number): readonly [number, number] => [start.line + li, (li === 0 ? start.col - 1 : 0) + c + 1];
    /** The frame for a node of `kind` at column c, opened if the pending key's value starts here. */
    const frameFor = (kind: 'map' | 'seq', c: number): BlockFrame | undefined => {
      if (pending) {
        const p = pending;
        pending = undefined;
        // A sequence may start at its key's own column; a mapping only further in.
        if (c > p.col || (kind === 'seq' && c === p.col)) {
          const frame: BlockFrame = { kind, col: c, key: p.key, count: 0 };
          stack.push(frame);
          return frame;
        }
      }
      if (stack.length === 0) {
        if (kind !== 'map') return undefined;
        const root: BlockFrame = { kind, col: c, key: '', count: 0 };
        stack.push(root);
        return root;
      }
      // Close what this line is not inside of: deeper nodes, and at its own column the other kind.
      while (stack.length > 0 && (stack[stack.length - 1]!.col > c || (stack[stack.length - 1]!.col === c && stack[stack.length - 1]!.kind !== kind))) stack.pop();
      const top = stack[stack.length - 1];
      return top && top.col === c && top.kind === kind ? top : undefined;
    };
    let parent: string | undefined;
    let c = i;
    if (line.charCodeAt(c) === 0x2d && line.charCodeAt(c + 1) === 0x20) {
      const seq = frameFor('seq', c);
      if (!seq) return undefined;
      parent = childKey(seq.key, seq.count++);
      c += 2;
      while (line.charCodeAt(c) === 0x20) c++;
      // The item starts at its content: a nested `- -` or an empty item is left to the exact parser.
      if (c === line.length || (line.charCodeAt(c) === 0x2d && line.charCodeAt(c + 1) === 0x20)) return undefined;
      table.set(parent, at(c));
    }
    const rest = line.slice(c);
    const keyLine = PLAIN_KEY.exec(rest);
    if (!keyLine) {
      // A scalar alone on its line is fine only as a sequence item.
      if (parent === undefined || !PLAIN_VALUE.test(rest)) return undefined;
      continue;
    }
    const value = keyLine[2];
    if (value !== undefined && !PLAIN_VALUE.test(value)) return undefined;
    let map: BlockFrame | undefined;
    if (parent !== undefined) {
      map = { kind: 'map', col: c, key: parent, count: 0 };
      stack.push(map);
    } else {
      map = frameFor('map', c);
      if (!map) return undefined;
    }
    // (The exact path records no positions inside a pod or workload that is an `items` entry: such texts are left to it.)
    if (!isStringKey(keyLine[1]!) || keyLine[1] === 'items') return undefined;
    if (keyLine[1] === 'kind' && value !== undefined && POSITIONLESS_KINDS.has(/^['"]/.test(value) ? value.slice(1, -1) : value)) return undefined;
    const key = childKey(map.key, keyLine[1]!);
    if (table.has(key)) return undefined; // a duplicate key: the exact parser says so
    table.set(key, at(c));
    if (value === undefined) pending = { key, col: c };
  }
  return stack.length > 0 ? table : undefined;
}

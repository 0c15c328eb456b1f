import fc from 'fast-check';
import yaml from 'js-yaml';
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KUBERNETES_YAML11_SCHEMA, fastYamlItem, mustRefuse, plainBlockPositions } from './fast-yaml.js';
import type { Path } from './source-map.js';
import { parseYamlStream } from './yaml.js';
import { PARSE_OPTIONS } from './yaml.js';
import { prng } from '../../scripts/gen.js';

// The reference: the exact path's options, from ./yaml.ts.

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** What the exact path makes of one document: the `yaml` package with PARSE_OPTIONS, then `doc.toJS()` as ./yaml.ts calls it. */
function exact(text: string): Outcome {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) return { ok: false, error: doc.errors.map((e) => e.code).join(', ') };
  // No warning on the console for collections as keys (./yaml.ts reports them before toJS); values are unchanged.
  doc.options.logLevel = 'error';
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    return { ok: false, error: String(err) };
  }
}

/** js-yaml with the schema but without fastYamlItem's refusal rules. */
function jsYamlOnly(text: string): Outcome {
  try {
    return { ok: true, value: yaml.load(text, { schema: KUBERNETES_YAML11_SCHEMA }) };
  } catch (err) {
    return { ok: false, error: (err as Error).message.split('\n')[0]! };
  }
}

type Reader = (text: string) => unknown;

/**
 * toStrictEqual's type check compares the `constructor` properties of two
 * objects by identity, so an own `constructor` key holding an object or NaN
 * never compares equal (`{constructor: []}`). This renames such keys, in both
 * values, before comparing; everything else is kept as it is.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy = {};
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(copy, key === 'constructor' ? '\u0000constructor' : key, { value: comparable(v), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/**
 * The equivalence: when `read` (the fast path by default) gives a value, the
 * exact path reads the text without error and gives the same value. Returns
 * whether `read` accepted the text.
 */
function expectEquivalent(text: string, read: Reader = fastYamlItem): boolean {
  const fast = read(text);
  if (fast === undefined) return false;
  const reference = exact(text);
  if (!reference.ok) throw new Error(`the fast path read ${JSON.stringify(text)}, which the exact path rejects (${reference.error})`);
  expect(comparable(fast)).toStrictEqual(comparable(reference.value));
  return true;
}

/** A property over texts, counting how many the fast path accepted (so that no property holds by refusing everything). */
function assertEquivalent(texts: fc.Arbitrary<string>, numRuns: number, seed: number, read: Reader = fastYamlItem): number {
  let accepted = 0;
  fc.assert(
    fc.property(texts, (text) => {
      if (expectEquivalent(text, read)) {
        accepted++;
        if (read === fastYamlItem) expectNoRefusedConstructs(text);
      }
    }),
    { numRuns, seed },
  );
  return accepted / numRuns;
}

/**
 * The refusal rules' promise, checked on the exact path's syntax tree of a
 * text the fast path accepted: no anchors, aliases, tags, null keys, merge
 * keys or collections as keys (whether or not they would change the value).
 */
function expectNoRefusedConstructs(text: string): void {
  const found: string[] = [];
  visit(parseDocument(text, PARSE_OPTIONS), {
    Node(_key, node) {
      if (isAlias(node)) found.push('alias');
      else if (node.anchor) found.push('anchor');
      if (node.tag) found.push(`tag ${node.tag}`);
    },
    Pair(_key, pair) {
      const key = pair.key;
      if (key === null || (isScalar(key) && (key.value === null || typeof key.value === 'symbol'))) found.push('null or merge key');
      if (isMap(key) || isSeq(key)) found.push('collection key');
    },
  });
  expect(found, JSON.stringify(text)).toEqual([]);
}

// ---------------------------------------------------------------------------
// Scalars.

/** Plain scalars where YAML 1.1, YAML 1.2, go-yaml and the `yaml` package have something to say. */
const TRICKY = [
  'yes', 'Yes', 'YES', 'No', 'no', 'ON', 'On', 'on', 'Off', 'OFF', 'y', 'Y', 'n', 'N', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'yES', 'tRUE',
  '0777', '-0777', '0o17', '0x1F', '0X1F', '-0x1f', '0b101', '+0b1_1', '1_000', '1__0', '1_', '0_', '0_8', '0x_', '0b', '0x', '_1',
  '1e3', '1E+3', '1e-3', '.5', '-.5', '5.', '0.1e-5', '1.5e3', '1_0.5_5', '3.14', '1.0', '1.50', 'e5', 'E1', '.e1', '.', '-.', '._', '1.2.3', '1e400',
  '+.inf', '-.inf', '.Inf', '-.INF', '.nan', '.NaN', '.NAN', '.nAn', 'inf', 'nan',
  '2024-01-01', '2024-01-01T10:00:00Z', '2001-12-14t21:59:43.10-05:00', '1:20', '190:20:30', '-1:30', '1:30.5',
  '~', 'null', 'Null', 'NULL', 'nULL', '', "''", '""',
  '9007199254740993', '-9007199254740993', '12345678901234567890', '0x1fffffffffffffff', '0777777777777777777777777', '-0', '+0', '00', '08', '09', '-08', '+12',
  '100m', '128Mi', '1.5Gi', '0.5', 'v1', '<<', '=', '-', '+', '?x', '%x',
];

/** Characters that matter to YAML scalars and structure. */
const YAMLISH = [...'abyYnNoOtTfFeEx0123456789._-+:#~&*!|>?%@`"\'{}[], \\/<', '\t', '\n', 'é', '😀', '\u00a0'];

const scalarText = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: fc.constantFrom(...YAMLISH), maxLength: 10 }),
  fc.tuple(fc.constantFrom(...TRICKY), fc.constantFrom(...YAMLISH), fc.constantFrom(...TRICKY)).map(([a, b, c]) => a + b + c),
);

/** Where a scalar may stand in a document. */
const scalarContexts: ((s: string) => string)[] = [
  (s) => `key: ${s}\n`,
  (s) => `key: ${s}`,
  (s) => `  key: ${s}\n  other: 1\n`,
  (s) => `${s}: value\n`,
  (s) => `- ${s}\n- x\n`,
  (s) => `a:\n  b: ${s} # comment\n`,
  (s) => `a: [${s}, x]\n`,
  (s) => `a: {k: ${s}}\n`,
];

describe('KUBERNETES_YAML11_SCHEMA: plain scalars as the exact path resolves them', () => {
  it('reads each of the tricky plain scalars as the exact path does, without refusing any of them as a value', () => {
    for (const s of TRICKY) {
      // A merge key, a sequence, characters that cannot start a plain scalar: elsewhere.
      if (s === '<<' || s === '-' || s === '%x') continue;
      expect(expectEquivalent(`key: ${s}\n`), `key: ${s}`).toBe(true);
      expect(expectEquivalent(`  key: ${s}\n`), `  key: ${s}`).toBe(true);
    }
  });

  it('resolves YAML 1.1 booleans, integers and floats, and keeps timestamps and base 60 as strings', () => {
    const value = (s: string) => (fastYamlItem(`v: ${s}\n`) as { v: unknown }).v;
    expect(['yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map(value)).toEqual(Array(11).fill(true));
    expect(['no', 'No', 'NO', 'n', 'N', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map(value)).toEqual(Array(11).fill(false));
    expect(['yES', 'tRUE', 'oN'].map(value)).toEqual(['yES', 'tRUE', 'oN']);
    expect(['~', 'null', 'Null', 'NULL', ''].map(value)).toEqual([null, null, null, null, null]);
    expect(value('nULL')).toBe('nULL');
    expect(['0777', '0x1F', '0b101', '1_000', '1__0', '00', '08', '+12', '0o17'].map(value)).toEqual([511, 31, 5, 1000, 10, 0, 8, 12, 15]);
    // An integer has no sign of its own in go-yaml (ParseInt); a float does.
    expect(Object.is(value('-0'), 0)).toBe(true);
    expect(Object.is(value('-0.0'), -0)).toBe(true);
    expect(['1e3', '.5', '0.1e-5', '1_0.5', '+.inf', '-.Inf'].map(value)).toEqual([1000, 0.5, 1e-6, 10.5, Infinity, -Infinity]);
    expect(['2024-01-01', '2024-01-01T10:00:00Z', '1:20', '190:20:30'].map(value)).toEqual(['2024-01-01', '2024-01-01T10:00:00Z', '1:20', '190:20:30']);
  });

  it('rounds integers beyond 2^53, as JSON.parse rounds them (FieldReader refuses them where it reads a number)', () => {
    expect(fastYamlItem('v: 9007199254740993\n')).toEqual({ v: 9007199254740992 });
    expect(fastYamlItem('v: 0x1fffffffffffffff\n')).toEqual({ v: 2305843009213694000 });
  });

  it('reads `.`, `e5` and `0x_` as strings and `0_` as 0, as go-yaml does (the `yaml` package\'s YAML 1.1 patterns made them NaN)', () => {
    for (const s of ['.', '-.', 'e5', 'E1', '0x_']) expect(fastYamlItem(`v: ${s}\n`), s).toStrictEqual({ v: s });
    expect(fastYamlItem('v: 0_\n')).toStrictEqual({ v: 0 });
    // So the managedFields key `.` stays "." in both paths.
    expect(fastYamlItem('f:metadata:\n  .: {}\n')).toEqual({ 'f:metadata': { '.': {} } });
    expect(expectEquivalent('f:metadata:\n  .: {}\n')).toBe(true);
  });

  it('property: plain scalars as values, keys and items', () => {
    const texts = fc.tuple(scalarText, fc.constantFrom(...scalarContexts)).map(([s, context]) => context(s));
    expect(assertEquivalent(texts, 4000, 20240501)).toBeGreaterThan(0.4);
  });

  it('toStrictEqual tells -0 from 0 and NaN from strings, so the comparison is exact', () => {
    expect(-0).not.toStrictEqual(0);
    expect({ v: NaN }).toStrictEqual({ v: NaN });
    expect({ v: NaN }).not.toStrictEqual({ v: 'NaN' });
    expect({ v: 1 }).not.toStrictEqual({ v: '1' });
  });
});

describe('the equivalence check can fail', () => {
  it('js-yaml with its default (YAML 1.2 core) schema differs from the exact path on `yes`', () => {
    const defaultSchema: Reader = (text) => yaml.load(text);
    expect(() => expectEquivalent('key: yes\n', defaultSchema)).toThrow();
    expect(() => expectEquivalent('key: 0777\n', defaultSchema)).toThrow();
    const texts = fc.tuple(scalarText, fc.constantFrom(...scalarContexts)).map(([s, context]) => context(s));
    expect(() => assertEquivalent(texts, 4000, 20240501, defaultSchema)).toThrow();
  });

  it('js-yaml with the schema but without the refusal rules differs from the exact path on some texts', () => {
    const withoutRefusals: Reader = (text) => {
      const outcome = jsYamlOnly(text);
      return outcome.ok ? outcome.value : undefined;
    };
    expect(() => assertEquivalent(yamlishLines, 5000, 9, withoutRefusals)).toThrow();
    expect(() => assertEquivalent(yamlishSoup, 5000, 21, withoutRefusals)).toThrow();
  });
});

// ---------------------------------------------------------------------------
// Kubernetes-like objects, written in several YAML styles.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const KEYS = ['name', 'image', 'app', 'app.kubernetes.io/name', 'example.com/annotation', 'x-y_z', 'on', 'yes', 'y', 'n', 'No', '1', '0x1F', '1.5', '-0', '.', '__proto__', 'constructor', 'toString', 'a b', 'key with: colon', 'é', '2024-01-01'];

const WORDS = ['nginx', 'IfNotPresent', 'TCP', 'Always', 'RuntimeDefault', '/var/run/secrets', 'http://svc.ns.svc.cluster.local:8080', 'registry.example.com/a/b@sha256:0f1e2d3c', '--port=8080', '-c', 'NET_ADMIN'];

const SENTENCES = [
  "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.",
  'Back-off 5m0s restarting failed container=web pod=web-6d8f9c7b5d-x7k2p_shop(9a8b7c6d)',
  'until nslookup db; do echo "waiting for db"; sleep 2; done && exec /app --config=/etc/app.yaml',
  '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","namespace":"y"},"data":{"a":"b"}}',
  '#!/bin/sh\nset -e\nif [ -f /data/ready ]; then\n  echo "ready: yes"\nfi\n',
  '  leading spaces\nsecond line\n',
  'line one\n\nline three after an empty line\n\n',
  "it's a 'quoted' \"thing\" with \\ backslash",
  'tab\there, unicode é 😀 and \u2603',
  'trailing newline only\n',
  'ends without newline\nsecond',
];

const STRING_UNITS = [...'abcxyz019 -_./:#\'"\\{}[],&*!|>?%@', 'é', '😀', '\n', '\t', ' '];

/** Strings as they are in clusters: words, number-like and boolean-like words, sentences, scripts, JSON. */
const realisticString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS, ...TRICKY) },
  { weight: 2, arbitrary: fc.constantFrom(...SENTENCES) },
  { weight: 1, arbitrary: fc.lorem({ maxCount: 30 }) },
  { weight: 1, arbitrary: fc.array(fc.lorem({ maxCount: 6 }), { maxLength: 5 }).map((lines) => lines.join('\n')) },
);

/** Also strings of the characters that matter to YAML (quotes, indicators, line breaks, tabs). */
const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: realisticString },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...STRING_UNITS), maxLength: 24 }) },
);

const dnsName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);

/** Pods and other objects, with strings from `stringValue`, and an `extra` field of any shape. */
function podLike(stringValue: fc.Arbitrary<string>): fc.Arbitrary<{ [key: string]: Json }> {
  const scalarValue: fc.Arbitrary<Json> = fc.oneof(
    { weight: 6, arbitrary: stringValue },
    { weight: 2, arbitrary: fc.integer({ min: -100000, max: 100000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 65535, 2 ** 53 + 1, 1e21, 0.5, 1e-7, -3.25, Infinity, -Infinity, NaN) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
  );

  const { anything } = fc.letrec<{ anything: Json; object: { [key: string]: Json } }>((tie) => ({
    anything: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarValue, tie('object'), fc.array(tie('anything'), { maxLength: 4 })),
    object: fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,12}$/)), tie('anything'), { maxKeys: 5 }),
  }));

  const labels = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), dnsName), stringValue, { maxKeys: 4 });

  const container = fc.record(
    {
      name: dnsName,
      image: fc.constantFrom('nginx:1.25', 'registry.example.com/shop/web:1.14.2', 'busybox@sha256:0f1e2d3c4b5a6978'),
      command: fc.array(stringValue, { maxLength: 3 }),
      args: fc.array(stringValue, { maxLength: 4 }),
      env: fc.array(fc.record({ name: fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), value: stringValue }), { maxLength: 3 }),
      ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), name: dnsName }, { requiredKeys: ['containerPort'] }), { maxLength: 2 }),
      resources: fc.record({ limits: fc.record({ cpu: fc.constantFrom('1', '100m', '0.5', 2), memory: fc.constantFrom('128Mi', '1Gi', '1e3') }), requests: fc.constant({}) }, { requiredKeys: [] }),
      securityContext: fc.record(
        {
          privileged: fc.boolean(),
          allowPrivilegeEscalation: fc.boolean(),
          runAsUser: fc.integer({ min: 0, max: 65535 }),
          runAsNonRoot: fc.boolean(),
          capabilities: fc.record({ add: fc.array(fc.constantFrom('NET_ADMIN', 'SYS_TIME', 'ALL'), { maxLength: 2 }), drop: fc.constant(['ALL']) }, { requiredKeys: [] }),
          seccompProfile: fc.record({ type: fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined') }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['name', 'image'] },
  );

  return fc
    .record(
      {
        kind: fc.constantFrom('Pod', 'Deployment', 'ConfigMap', 'PodSecurityPolicy'),
        name: dnsName,
        namespace: dnsName,
        labels,
        annotations: labels,
        containers: fc.array(container, { minLength: 1, maxLength: 2 }),
        hostNetwork: fc.boolean(),
        volumes: fc.array(fc.record({ name: dnsName, hostPath: fc.record({ path: fc.constantFrom('/', '/var/log', '/etc/ssl') }) }), { maxLength: 2 }),
        conditions: fc.array(fc.record({ type: fc.constantFrom('Ready', 'PodScheduled'), status: fc.constantFrom('True', 'False'), message: stringValue, lastProbeTime: fc.constant(null) }), { maxLength: 2 }),
        data: fc.dictionary(dnsName, stringValue, { maxKeys: 2 }),
        extra: anything,
      },
      { requiredKeys: ['kind', 'name', 'containers'] },
    )
    .map(({ kind, name, namespace, labels, annotations, containers, hostNetwork, volumes, conditions, data, extra }) => {
      const metadata: { [key: string]: Json } = { name, namespace: namespace ?? null, labels: labels ?? {}, annotations: annotations ?? {} };
      const object: { [key: string]: Json } = { apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1', kind, metadata };
      object.spec = { containers, hostNetwork: hostNetwork ?? false, volumes: volumes ?? [] } as unknown as Json; // fc.record leaves out absent keys: no undefined
      if (conditions) object.status = { conditions, phase: 'Running', podIP: '10.244.3.52' } as unknown as Json;
      if (data) object.data = data;
      if (extra !== undefined) object.extra = extra;
      return object;
    });
}

/** How a document is written. */
interface Style {
  /** Spaces per level. */
  step: number;
  /** Sequences in a mapping at the key's column (as go-yaml and kubectl write them), or indented. */
  flushSequences: boolean;
  /** Spaces before every line: 2 for a List item as the caller gives it (`- ` replaced by two spaces). */
  rootIndent: number;
  comments: boolean;
  /** Long plain and double-quoted strings folded over lines, as go-yaml writes them. */
  fold: boolean;
  /** Small collections in flow style (`{a: 1}`, `[x, y]`), sometimes spread over lines. */
  flow: boolean;
  /** Scalar styles to choose from. */
  scalars: 'go' | 'any';
  /** Line breaks: `\r\n` instead of `\n`. */
  crlf: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({
  step: fc.constantFrom(2, 4),
  flushSequences: fc.boolean(),
  rootIndent: fc.constantFrom(0, 2, 2, 4),
  comments: fc.boolean(),
  fold: fc.boolean(),
  flow: fc.boolean(),
  scalars: fc.constantFrom('go', 'any'),
  crlf: fc.boolean(),
});

const SAFE_PLAIN = /^[A-Za-z0-9/][A-Za-z0-9 ._/=@%+()-]*$/;
const SAFE_KEY = /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/;
const TRUE_SPELLINGS = ['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'y', 'Y', 'on', 'On', 'ON'];
const FALSE_SPELLINGS = ['false', 'False', 'FALSE', 'no', 'No', 'NO', 'n', 'N', 'off', 'Off', 'OFF'];

/**
 * A YAML writer with many styles. It need not be faithful (the test compares
 * two parsers on its output, not the output with its input), but it writes
 * the value in nearly every case, so that the texts are realistic.
 */
class Writer {
  readonly lines: string[] = [];
  private readonly rnd: () => number;

  constructor(
    private readonly style: Style,
    seed: number,
  ) {
    this.rnd = prng(seed);
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private comment(): string {
    return this.style.comments && this.chance(0.15) ? ` # ${this.pick(['note', 'see: below', "it's", '- x', 'a: b'])}` : '';
  }

  key(k: string): string {
    if (SAFE_KEY.test(k) || k === '.') return k;
    return this.chance(0.5) || k.includes("'") ? JSON.stringify(k) : `'${k}'`;
  }

  /** A scalar written inline (one line), for flow collections and keys. */
  inline(v: Json): string {
    if (v === null) return this.pick(['null', '~', 'Null']);
    if (typeof v === 'boolean') return this.pick(v ? TRUE_SPELLINGS : FALSE_SPELLINGS);
    if (typeof v === 'number') return number(v);
    if (typeof v === 'string') {
      if (SAFE_PLAIN.test(v) && !v.endsWith(' ') && this.chance(0.7)) return v;
      if (!/[\n\t\\]/.test(v) && this.style.scalars === 'any' && this.chance(0.4)) return `'${v.replace(/'/g, "''")}'`;
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) return `[${v.map((x) => this.inline(x)).join(', ')}]`;
    return `{${Object.entries(v).map(([k, x]) => `${this.key(k)}: ${this.inline(x)}`).join(', ')}}`;
  }

  /** A scalar after `key: ` or `- ` at `indent` (the column of the key or `-`): its first line, and the lines after. */
  scalar(v: Json, indent: number): [string, string[]] {
    const more = ' '.repeat(indent + this.style.step);
    if (typeof v === 'string' && v.includes('\n') && !v.includes('\r') && (this.style.scalars === 'go' || this.chance(0.7))) {
      // A block scalar, with chomping and (when the first line starts with a space, or by chance) an indentation indicator.
      const chomp = !v.endsWith('\n') ? '-' : v.endsWith('\n\n') ? '+' : '';
      const body = (chomp === '-' ? v : v.slice(0, -1)).split('\n');
      const indicator = body[0]!.startsWith(' ') || this.chance(0.2) ? String(this.style.step) : '';
      const folded = this.style.scalars === 'any' && !body.some((l) => l.startsWith(' ')) && this.chance(0.3);
      const lines = folded ? body.flatMap((l, i) => (i === 0 ? [l] : ['', l])) : body;
      const header = (folded ? '>' : '|') + (this.chance(0.5) ? indicator + chomp : chomp + indicator);
      return [header + this.comment(), lines.map((l) => (l === '' ? '' : more + l))];
    }
    if (typeof v === 'string' && this.style.fold && v.length > 30 && SAFE_PLAIN.test(v) && !/ {2}| $/.test(v) && this.chance(0.5)) {
      // Plain and folded at spaces: a line break within a plain scalar reads as a space.
      const lines = wrap(v.split(' '));
      return [lines[0]!, lines.slice(1).map((l) => more + l)];
    }
    if (typeof v === 'string' && this.style.fold && v.length > 30 && !/ {2}|^ | $/.test(v)) {
      // Double-quoted and folded at spaces, as go-yaml writes long strings: a line break within quotes reads as a space.
      const lines = wrap(JSON.stringify(v).split(' '));
      return [lines[0]!, lines.slice(1).map((l) => more + l)];
    }
    if (typeof v === 'string' && v.includes('\n') && this.style.scalars === 'any' && !/[\t\\]|^ | $|\n | \n/.test(v)) {
      // Single-quoted over lines: an empty line reads as a line break.
      const lines = v.replace(/'/g, "''").split('\n');
      const indented = lines.slice(1).flatMap((l) => ['', l === '' ? '' : more + l]);
      return [`'${lines[0]}`, [...indented.slice(0, -1), `${more}${lines[lines.length - 1]}'`]];
    }
    if (v === null && this.chance(0.3)) return ['', []];
    return [this.inline(v) + this.comment(), []];
  }

  map(obj: { [key: string]: Json }, indent: number): void {
    const pad = ' '.repeat(indent);
    for (const [k, v] of Object.entries(obj)) {
      if (this.style.comments && this.chance(0.1)) this.lines.push(`${this.chance(0.5) ? pad : ''}# ${this.pick(['comment', 'key: value', '- item', "don't"])}`);
      const key = `${pad}${this.key(k)}:`;
      if (isCollection(v) && !isEmpty(v) && !(this.style.flow && this.chance(0.2))) {
        this.lines.push(key + this.comment());
        if (Array.isArray(v)) this.seq(v, this.style.flushSequences ? indent : indent + this.style.step);
        else this.map(v, indent + this.style.step);
      } else if (isCollection(v)) {
        this.lines.push(`${key} ${this.flow(v, indent)}`);
      } else {
        const [first, more] = this.scalar(v, indent);
        this.lines.push(first === '' ? key : `${key} ${first}`, ...more);
      }
    }
  }

  seq(items: Json[], indent: number): void {
    const pad = ' '.repeat(indent);
    for (const v of items) {
      if (isCollection(v) && !Array.isArray(v) && !isEmpty(v) && !(this.style.flow && this.chance(0.2))) {
        // A compact mapping: its first key on the `- ` line.
        const start = this.lines.length;
        this.map(v, indent + 2);
        const first = this.lines.findIndex((l, i) => i >= start && !l.trimStart().startsWith('#'));
        this.lines.splice(start, first - start); // no comment between `-` and the first key
        this.lines[start] = `${pad}- ${this.lines[start]!.slice(indent + 2)}`;
      } else if (isCollection(v)) {
        this.lines.push(`${pad}- ${this.flow(v, indent)}`);
      } else {
        const [first, more] = this.scalar(v, indent);
        this.lines.push(first === '' ? `${pad}- null` : `${pad}- ${first}`, ...more);
      }
    }
  }

  /** A collection in flow style: `{}` and `[]`, or small ones on one line or spread over lines. */
  flow(v: Json[] | { [key: string]: Json }, indent: number): string {
    const text = this.inline(v);
    if (isEmpty(v) || !this.chance(0.3)) return text;
    const more = '\n' + ' '.repeat(indent + this.style.step);
    return Array.isArray(v)
      ? `[${v.map((x) => more + this.inline(x)).join(',')}${more}]`
      : `{${Object.entries(v).map(([k, x]) => `${more}${this.key(k)}: ${this.inline(x)}`).join(',')}${more}}`;
  }
}

/** Words joined by spaces into lines of about 24 characters (not after a backslash: it might escape the line break). */
function wrap(words: string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + word.length > 24 && !line.endsWith('\\')) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

function isCollection(v: Json): v is Json[] | { [key: string]: Json } {
  return typeof v === 'object' && v !== null;
}

function isEmpty(v: Json[] | { [key: string]: Json }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

function number(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

function write(value: { [key: string]: Json }, s: Style, seed: number): string {
  const writer = new Writer(s, seed);
  writer.map(value, 0);
  const pad = ' '.repeat(s.rootIndent);
  const lines = writer.lines.join('\n').split('\n'); // flow collections over lines come as one
  const newline = s.crlf ? '\r\n' : '\n';
  return lines.map((l) => (l === '' ? '' : pad + l)).join(newline) + newline;
}

const documents = (strings: fc.Arbitrary<string>) => fc.tuple(podLike(strings), style, fc.integer()).map(([value, s, seed]) => write(value, s, seed));

describe('Kubernetes-like objects in several YAML styles', () => {
  it('reads a kubectl-style pod in the List item form (two spaces for `- `)', () => {
    const pod = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: |',
      '      {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"name":"web","namespace":"shop"}}',
      '  creationTimestamp: "2024-05-02T10:11:15Z"',
      '  labels:',
      '    app: web',
      '  name: web',
      '  namespace: shop',
      'spec:',
      '  containers:',
      '  - args:',
      '    - -c',
      '    - echo a && echo b > /tmp/x; ls *.txt',
      '    image: nginx:1.25',
      '    name: web',
      '    ports:',
      '    - containerPort: 8080',
      '      protocol: TCP',
      '    resources: {}',
      '    securityContext:',
      '      capabilities:',
      '        add:',
      '        - NET_ADMIN',
      '      privileged: true',
      '  hostNetwork: true',
      '  volumes: []',
      'status:',
      '  conditions:',
      '  - lastProbeTime: null',
      '    message: "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:',
      '      }, 2 Insufficient memory."',
      '    status: "False"',
      '    type: PodScheduled',
      '',
    ].join('\n');
    const item = pod.replace(/^(?=.)/gm, '  ');
    expect(expectEquivalent(pod)).toBe(true);
    expect(expectEquivalent(item)).toBe(true);
    expect(fastYamlItem(item)).toMatchObject({
      kind: 'Pod',
      spec: { hostNetwork: true, containers: [{ args: ['-c', 'echo a && echo b > /tmp/x; ls *.txt'], securityContext: { privileged: true } }] },
      status: { conditions: [{ lastProbeTime: null, message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.' }] },
    });
  });

  it('reads `__proto__` keys as own properties, as the exact path does', () => {
    const text = '__proto__:\n  polluted: yes\nx:\n  __proto__: [1]\n';
    expect(expectEquivalent(text)).toBe(true);
    const value = fastYamlItem(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(value)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // Flow collections and comment lines are refused more often (see fast-yaml.ts): kubectl writes neither.
  it('property: generated objects with realistic strings, written in several styles', () => {
    expect(assertEquivalent(documents(realisticString), 400, 42)).toBeGreaterThan(0.3);
  });

  it('property: generated objects with strings of YAML-ish characters, written in several styles', () => {
    expect(assertEquivalent(documents(anyString), 400, 44)).toBeGreaterThan(0.15);
  });

  it('property: generated objects in go-yaml style (block, flush sequences, folded quoted strings, item form) are nearly all accepted', () => {
    const goStyle = fc.tuple(podLike(realisticString), fc.integer()).map(([value, seed]) =>
      write(value, { step: 2, flushSequences: true, rootIndent: 2, comments: false, fold: true, flow: false, scalars: 'go', crlf: false }, seed),
    );
    expect(assertEquivalent(goStyle, 200, 43)).toBeGreaterThan(0.8);
  });
});

// ---------------------------------------------------------------------------
// Texts that must go to the exact path.

/** Lines of YAML-ish pieces at various indentations: finds where js-yaml and the exact path part ways. */
const yamlishLines = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom(0, 0, 1, 2, 2, 3, 4, 4, 5, 6),
        fc.constantFrom(
          '- ', '- a', '-', 'k:', 'k: v', 'k2: v w', 'k: "q', "k: 'q", 'v"', "v'", '"', 'k: [', 'k: {', '[a,', 'b]', '}', 'a: b}', 'a, b', '# c',
          'k: |', 'k: >-', 'k: |2', 'x', 'x y', 'k: # c', '- k: v', '- k:', '- "q"', 'k: []', 'k: {}', '"k": v', "'k': v", 'k: v # c', 'k: "a\\"b"',
          '"a\\', 'k: 1', 'k: yes', '- [a, b]', '- {a: b}', 'k: a:b', 'k: a #b', 'k: -1', 'k: - x', '\tk: v', '', ' ', 'k: "x"#c', '- - a', '~: v', ': v',
          'k: {a, null}', 'k: {[b]}', 'a, [b]', '{c: d},', 'k: &a x', '- *a', 'k: !!str 1', 'k: "\\', 'k: "\\U0001F600"', '<<: {a: 1}',
        ),
      ),
      { minLength: 1, maxLength: 7 },
    ),
    fc.boolean(),
  )
  .map(([lines, newline]) => lines.map(([indent, line]) => ' '.repeat(indent) + line).join('\n') + (newline ? '\n' : ''));

/** Characters and pieces that matter to YAML, in any order. */
const yamlishSoup = fc
  .tuple(
    fc.constantFrom('', '  ', 'a:\n  ', '- '),
    fc.array(
      fc.constantFrom(
        ...['a', 'k', ' ', ' ', ':', ': ', '-', '- ', '#', "'", '"', '\n', '\n  ', '\t', '{', '}', '[', ']', ',', '|', '>', '?', '&', '*', '!', '%', '~', '0', '1', '.', 'e', 'x', '_', '+', '\\', '\\n'],
        ...['y', 'n', 'null', '\r\n', '\r', 'é', '😀', '\u0085', '\u2028', '\ufeff', '\u00a0', '\x7f', '\x01', '<<', '|-', '|+', '>2', '|1', '---', '...', '{{'],
        ...['{~}', '{a, null}', '[b]', '{c: d}', '&a ', '*a', '-*', '!!str ', '\\U0001F600', '\\\n', '"x":', '? ', '<< : '],
      ),
      { maxLength: 30 },
    ),
  )
  .map(([prefix, parts]) => prefix + parts.join(''));

describe('refusals: what the fast path leaves to the exact path', () => {
  // [why, text, what js-yaml alone (with the schema) would do differently — or undefined when the refusal is for the exact path's own checks]
  const cases: [string, string, boolean][] = [
    ['Go template', 'metadata:\n  name: {{ .Values.name }}\n', false],
    ['Go template in a quoted scalar', 'metadata:\n  name: "{{ .Values.name }}"\n', false],
    ['anchor and alias', 'a: &x 1\nb: *x\n', false],
    ['alias in a flow sequence', 'a: &x 1\nb: [*x]\n', false],
    ['tag', 'a: !!str 1\n', false],
    ['local tag', 'a: !custom x\n', true],
    ['non-specific tag', 'a: ! 1\n', false],
    ['explicit key', '? a\n: b\n', false],
    ['directive', '%YAML 1.1\n---\na: 1\n', false],
    ['document start', '---\na: 1\n', false],
    ['document end', 'a: 1\n...\n', false],
    ['duplicate key', 'a: 1\na: 2\n', false],
    ['duplicate key after resolution', 'on: 1\ntrue: 2\n', false],
    ['key 1 and key "1" (js-yaml: duplicate; exact path: the later wins)', '1: a\n"1": b\n', true],
    ['a sequence as a key', '[a, b]: c\n', true],
    ['a mapping as a key', '{a: 1}: c\n', true],
    ['merge key', 'base: {a: 1}\nc:\n  <<: {a: 2}\n', false],
    ['null key ~', '~: a\n', true],
    ['null key null', 'null: a\n', true],
    ['empty key', 'x: 1\n: a\n', true],
    ['empty key in flow', 'x: {: a}\n', true],
    ['tab in the indentation', 'a:\n\tb: 1\n', true],
    ['line of spaces only in a block scalar', 'k:\n- a: >-2\n       \n- w\n', true],
    ['line of spaces only, keep chomping', 'k: |+\n  x\n   \n', false],
    ['comment right after a quoted scalar', 'a: "x"#c\n', true],
    ['sequence entry empty on its line, then a less indented one', 'a:\n  - \n- b\n', true],
    ['compact nested sequence', '- - a\n- b\n', false],
    ['byte order mark at the start', '\ufeffa: 1\n', false],
    ['byte order mark after a line break', '\n\ufeffa: 1\n', true],
    ['root block scalar with an indentation indicator', '>2\n  x\n', true],
    ['line indented less than the root', '  -\n-\n', true],
    ['quoted continuation line not indented', 'a:\n  b: "x\n y"\n', true],
    ['implicit key over 1024 characters', `${'k'.repeat(1100)}: v\n`, true],
    ['lone carriage return', 'a: 1\rb: 2\r', true],
    ['null key in a flow mapping, without a value', 'a: {x, null}\n', true],
    ['a collection as an entry of a flow mapping', 'a: {x, [b]}\n', true],
    ['a root flow collection', '[x: a\n# c\n]\n', true],
    ['a comment line in a flow collection', 'k: [x:\n a\n# c\n ]\n', true],
    ['an escape beyond U+10FFFF', 'a: "\\U00110000"\n', true],
    ['an escaped line break followed by an empty line', 'a: "x\\\n\n  y"\n', true],
    ['not YAML', 'a: [\n', false],
  ];

  it.each(cases)('refuses: %s', (_why, text, jsYamlDiffers) => {
    expect(fastYamlItem(text)).toBeUndefined();
    if (jsYamlDiffers) expect(jsYamlOnly(text)).not.toStrictEqual(exact(text));
  });

  it('property: lines of YAML-ish pieces at various indentations', () => {
    expect(assertEquivalent(yamlishLines, 5000, 9)).toBeGreaterThan(0.05);
  });

  it('property: YAML-ish characters in any order', () => {
    expect(assertEquivalent(yamlishSoup, 5000, 21)).toBeGreaterThan(0.1);
  });

  it('property: passing over plain lines at once refuses exactly what looking at every character refuses', () => {
    // Lines near the edges of the plain-line expression, among lines that are not plain.
    const pieces = [
      'k: v', 'k:', '- k: v', '- v', 'k: a:b', 'k: img:1.2', 'k: a:n', 'k: a:Null', 'a:null: x', 'a:N: x', 'null: x', 'Null : x', 'NULL:', 'nullable: x',
      'n: x', 'N', 'k: null', 'k: "1"', "k: '1'", 'k: ""', 'k: "a"#c', 'k: "#"', 'k: v#c', 'k: v # c', '"k": v', 'k: v w', 'k: -1', 'k: - x', '- - a',
      '- ', '-', '%x: v', '---', '...', '.k: v', '-k: v', '/k: v', '_k: v', 'k: =x', 'k: @x', 'k: +1', 'k: {a}', 'k: [', 'b]', '# c', 'k: |', 'k: ~',
      '\tk: v', 'k: v\r', 'é: v', 'k: é', '', ' ', `${'k'.repeat(997)}: v`, `k: ${'v'.repeat(994)}:x`, `${'k'.repeat(290)}: ${'v'.repeat(390)}`,
    ].map((p) => p.replace('\\t', '\t').replace('\\r', '\r'));
    const texts = fc
      .tuple(fc.constantFrom(0, 1, 2, 4), fc.array(fc.tuple(fc.constantFrom(-1, 0, 0, 0, 1, 2, 2, 3), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 12 }), fc.boolean())
      .map(([root, lines, newline]) => lines.map(([extra, line]) => ' '.repeat(Math.max(0, root + extra)) + line).join('\n') + (newline ? '\n' : ''));
    let refused = 0;
    let runs = 0;
    fc.assert(
      fc.property(texts, (text) => {
        runs++;
        const slow = mustRefuse(text, false);
        if (slow) refused++;
        expect(mustRefuse(text), JSON.stringify(text)).toBe(slow);
      }),
      { numRuns: 20000, seed: 27 },
    );
    expect(refused / runs).toBeGreaterThan(0.1);
    expect(refused / runs).toBeLessThan(0.9);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), yamlishSoup), (text) => {
        expect(() => fastYamlItem(text)).not.toThrow();
      }),
      { numRuns: 5000, seed: 5 },
    );
    expect(fastYamlItem('')).toBeUndefined();
    expect(fastYamlItem('a: '.repeat(200) + 'b'.repeat(100))).toBeUndefined();
    expect(fastYamlItem('['.repeat(200))).toBeUndefined();
    // Nesting deeper than js-yaml's limit (100): js-yaml throws, the exact path reads it.
    const deep = Array.from({ length: 120 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    expect(fastYamlItem(deep)).toBeUndefined();
    expect(exact(deep).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// plainBlockPositions: the exact path's positions, for the simplest block YAML.

/** Every key and item path of a parsed value. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), pathsOf(v, [...prefix, i], out)));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push([...prefix, k]), pathsOf(v, [...prefix, k], out);
  return out;
}

/** 'refused', or 'accepted' after checking that the table is the exact path's, entry for entry. */
function positionsAgree(text: string, start = { line: 1, col: 1 }): 'accepted' | 'refused' {
  const fast = plainBlockPositions(text, start);
  if (!fast) return 'refused';
  const docs = [...parseYamlStream(text, 'f.yaml', start)]; // (throws if the exact path refuses the text)
  expect(docs).toHaveLength(1);
  const paths = pathsOf(docs[0]!.value);
  expect([...fast.keys()].sort()).toEqual(paths.map((p) => p.join('\u0000')).sort());
  for (const p of paths) {
    const pos = docs[0]!.map.exact(p)!;
    expect(fast.get(p.join('\u0000')), `${text}\n${p.join('.')}`).toEqual([pos.line, pos.col]);
  }
  return 'accepted';
}

/** How often a property's texts were accepted (each accepted one compared with the exact path). */
function acceptedShare(texts: fc.Arbitrary<string>, numRuns: number, seed: number, start?: { line: number; col: number }): number {
  let accepted = 0;
  fc.assert(
    fc.property(texts, (text) => {
      if (positionsAgree(text, start) === 'accepted') accepted++;
    }),
    { numRuns, seed },
  );
  return accepted / numRuns;
}

const RBAC_WORDS = ['dev-1', 'app', 'team-00001', 'psp:psp-10', 'rbac.authorization.k8s.io', 'system:serviceaccount:ns:sa', 'system:serviceaccounts', 'User', 'Group', "'*'", "''", 'use', 'policy'];
const rbacWord = fc.constantFrom(...RBAC_WORDS);
const rbacLike = fc.record({
  apiVersion: fc.constant('rbac.authorization.k8s.io/v1'),
  kind: fc.constantFrom('RoleBinding', 'ClusterRoleBinding', 'ClusterRole'),
  metadata: fc.record({ name: rbacWord, namespace: rbacWord }, { requiredKeys: ['name'] }),
  roleRef: fc.record({ apiGroup: rbacWord, kind: rbacWord, name: rbacWord }),
  subjects: fc.array(fc.record({ apiGroup: rbacWord, kind: rbacWord, name: rbacWord, namespace: rbacWord }, { requiredKeys: ['kind', 'name'] }), { maxLength: 4 }),
  rules: fc.array(fc.record({ apiGroups: fc.array(rbacWord, { minLength: 1, maxLength: 3 }), resourceNames: fc.array(rbacWord, { maxLength: 3 }), verbs: fc.array(rbacWord, { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
}) as fc.Arbitrary<{ [key: string]: Json }>;

/** Block YAML as kubectl writes it, words written as they are (`'*'` is a quoted `*`); sequences flush with their key or indented. */
function blockYaml(value: Json, indent: string, flush: boolean): string[] {
  const lines: string[] = [];
  const entries = Object.entries(value as { [key: string]: Json });
  for (const [k, v] of entries) {
    if (Array.isArray(v)) {
      if (v.length === 0) continue; // (kubectl leaves empty lists out)
      lines.push(`${indent}${k}:`);
      const dash = flush ? indent : `${indent}  `;
      for (const item of v) {
        if (typeof item === 'object' && item !== null) {
          const inner = blockYaml(item, `${dash}  `, flush);
          lines.push(`${dash}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        } else lines.push(`${dash}- ${String(item)}`);
      }
    } else if (typeof v === 'object' && v !== null) lines.push(`${indent}${k}:`, ...blockYaml(v, `${indent}  `, flush));
    else lines.push(`${indent}${k}: ${String(v)}`);
  }
  return lines;
}

describe('plainBlockPositions: positions without parsing, for plain block YAML', () => {
  const binding = [
    '  apiVersion: rbac.authorization.k8s.io/v1',
    '  kind: RoleBinding',
    '  metadata:',
    '    name: psp-binding-1',
    '    namespace: team-00001',
    '  roleRef:',
    '    apiGroup: rbac.authorization.k8s.io',
    '    kind: ClusterRole',
    '    name: psp:psp-10',
    '  subjects:',
    '    - apiGroup: rbac.authorization.k8s.io',
    '      kind: User',
    '      name: dev-1',
    '  - kind: Group', // (flush with `subjects`, as kubectl writes sequences; a second sequence would be an error, so this is a new text below)
  ];

  it('finds keys and items where the exact path does, for sequences indented or flush with their key', () => {
    const indented = binding.slice(0, 13).join('\n') + '\n';
    expect(positionsAgree(indented, { line: 924, col: 1 })).toBe('accepted');
    const table = plainBlockPositions(indented, { line: 924, col: 1 })!;
    expect(table.get('subjects\u00000')).toEqual([934, 7]);
    expect(table.get('subjects\u00000\u0000kind')).toEqual([935, 7]);
    expect(table.get('roleRef')).toEqual([929, 3]);
    const flush = indented.replace(/^ {4}- /m, '  - ').replace(/^ {6}/gm, '    ') + '  - kind: Group\n    name: system:serviceaccounts\n';
    expect(positionsAgree(flush, { line: 1, col: 1 })).toBe('accepted');
    expect(plainBlockPositions(flush, { line: 1, col: 1 })!.get('subjects\u00001')).toEqual([14, 5]);
  });

  it('counts the first line from the column the text starts at', () => {
    expect(plainBlockPositions('a: 1\nb:\n  c: 2\n', { line: 3, col: 5 })).toEqual(
      new Map([
        ['a', [3, 5]],
        ['b', [4, 1]],
        ['b\u0000c', [5, 3]],
      ]),
    );
  });

  it.each([
    ['a comment', 'a: 1 # c\n'],
    ['a comment line', 'a: 1\n# c\nb: 2\n'],
    ['a value with a space', 'a: b c\n'],
    ['a double-quoted value with an escape', 'a: "b\\"c"\n'],
    ['a double-quoted value over two lines', 'a: "b\n  c"\n'],
    ['a single-quoted value with a quote', "a: 'it''s'\n"],
    ['a flow collection', 'a: []\n'],
    ['a block scalar', 'a: |\n  x\n'],
    ['a multi-line plain scalar', 'a:\n  x\n  y\n'],
    ['an anchor', 'a: &x b\n'],
    ['an alias', 'a: *x\n'],
    ['a tag', 'a: !!str b\n'],
    ['a nested sequence', 'a:\n- - b\n'],
    ['an empty item', 'a:\n-\n  b: 1\n'],
    ['a YAML 1.1 boolean key', 'on: 1\n'],
    ['a null key', 'null: 1\n'],
    ['a number key', '1: a\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['a line less indented than the root', '  a: 1\nb: 2\n'],
    ['a value and a nested mapping', 'a: 1\n  b: 2\n'],
    ['a root sequence', '- a\n'],
    ['a root scalar', 'a\n'],
    ['nothing', '\n'],
    ['a template', 'a: {{ .Values.x }}\n'],
    ['a key YAML 1.1 reads as a boolean (`y`)', 'y: x\n'],
    ['a nested key YAML 1.1 reads as a boolean', 'a:\n  Off: x\n'],
    ['a sequence item that is a one-key mapping (`- 1:`)', 'a:\n- b\n- 1:\n'],
    ['an `items` key (pods in it have no positions in the exact path)', 'items:\n- kind: Pod\n'],
    ['a pod', 'kind: Pod\nmetadata:\n  name: x\n'],
    ['a pod kind, quoted', "kind: 'Pod'\n"],
    ['a pod kind, double-quoted', 'kind: "Pod"\n'],
  ])('leaves %s to the exact parser', (_why, text) => {
    expect(plainBlockPositions(text, { line: 1, col: 1 })).toBeUndefined();
  });

  it('property: generated RBAC objects as kubectl writes them are all accepted, with the exact positions', () => {
    const texts = fc.tuple(rbacLike, fc.boolean(), fc.constantFrom('', '  ')).map(([value, flush, root]) => `${blockYaml(value, root, flush).join('\n')}\n`);
    expect(acceptedShare(texts, 300, 61, { line: 40, col: 1 })).toBe(1);
  });

  it('property: lines of block YAML pieces at various indentations are refused or get the exact positions', () => {
    const pieces = ['k:', 'k: v', 'j: w', 'k: psp:x', "k: '*'", '- x', '- k: v', '- j:', '- k:', 'k: a b', 'k: "q"', '- - a', '-', 'k: []', '# c', 'on: 1', 'x', 'k: v # c', 'k:v', '', 'k: |'];
    // (Found in review: keys that are numbers, items that are mappings, pods under `items`.)
    pieces.push('e1: v', 'E-5:', '- 1:', '- a:b:', 'k: a:', 'items:', 'kind: Pod', "kind: 'Job'", 'kind: Role');
    // Double-quoted and comma values (a PSP's `"*"` and `runtime/default,`).
    pieces.push('k: "*"', '- "*"', 'k: ""', 'k: "a\\"b"', 'k: "a', '- "a b"', 'k: a,b', 'k: a,', '- a,', 'k: ,a', '- kernel.*', 'k: *a', '- a*:', 'k: "a\\"', 'kind: "Pod"', '- null: x');
    const texts = fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(0, 0, 1, 2, 2, 3, 4, 4, 6), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 8 }), fc.boolean())
      .map(([lines, newline]) => lines.map(([indent, line]) => ' '.repeat(indent) + line).join('\n') + (newline ? '\n' : ''));
    expect(acceptedShare(texts, 20000, 62)).toBeGreaterThan(0.01);
  });
});

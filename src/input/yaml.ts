/**
 * YAML documents → plain values with source positions.
 *
 * Kubernetes reads YAML with sigs.k8s.io/yaml, which parses with go-yaml v2
 * (YAML 1.1) and converts the result to JSON. We follow the same rules:
 * - YAML 1.1 scalars: `yes`/`no`/`on`/`off`/`y`/`n` (any of their spellings)
 *   are booleans, `0777` is octal, `0x1F` hex, `1_000` is 1000, `<<` merge
 *   keys apply.
 * - Unlike the YAML 1.1 spec, and like go-yaml v2, timestamps (`2024-01-01`)
 *   and sexagesimal numbers (`1:20`) stay strings: go-yaml keeps timestamps as
 *   strings when decoding into interface{}, and never resolved base 60.
 * - Numbers are what go-yaml v2 reads as numbers (goYamlScalar), not what
 *   the YAML 1.1 spec's patterns match: `e5` and `.` are strings, `0o17` is
 *   15, `1e400` a string.
 * - Duplicate keys are an error (the API server's strict decoding rejects
 *   them; kubectl warns).
 * - Empty documents (`---` with nothing after it) are skipped, as kubectl does.
 */
import { createRequire } from 'node:module';
import type * as YamlPackage from 'yaml';
import type { Document, ScalarTag, Tags, YAMLError } from 'yaml';
import { InputError } from './errors.js';
import { goYamlScalar } from './go-yaml.js';
import type { GoNumber } from './go-yaml.js';
import type { Pos, Problem } from './errors.js';
import { POSITIONLESS_KINDS, SourceMapBuilder, childKey } from './source-map.js';
import type { SourceMap } from './source-map.js';

export interface ParsedDocument {
  value: unknown;
  /** Where the document's content starts. */
  pos: Pos;
  map: SourceMap;
  /** For a List read by the JSON reader: each item's own positions (relative to the item), so that the List's table need not be kept. */
  itemMaps?: SourceMap[];
}

let yamlPackage: typeof YamlPackage | undefined;

/**
 * The `yaml` package, loaded when first needed: reading a JSON dump never
 * needs it, and loading it took 80 ms of every run's start (a fifth of it).
 * The generator uses it too, for the ConstraintTemplates (at build time).
 */
export function yamlLibrary(): typeof YamlPackage {
  return (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof YamlPackage);
}

/** go-yaml v2 never produced these: see the module comment. */
const DROPPED_TAGS = new Set(['tag:yaml.org,2002:timestamp']);

/** A tag's `test`: whether go-yaml v2 reads a plain scalar as a number of this kind (the `yaml` package calls only `test`). */
class GoNumberTest extends RegExp {
  constructor(private readonly kind: GoNumber['kind']) {
    super('(?!)');
  }

  override test(s: string): boolean {
    return goYamlScalar(s)?.kind === this.kind;
  }
}

/**
 * The int and float tags for plain scalars, as go-yaml v2 resolves them. The
 * `yaml` package resolves with a tag only a scalar its test accepts, also
 * under an explicit `!!int` or `!!float`: `!!int 0x1F` is 31, but `!!int e5`
 * and `!!float 1` stay strings, where go-yaml refuses the first and reads 1.
 * kubectl does not write tags; psp-migrate's fast reader leaves tagged text
 * to this one.
 */
function goNumberTag(kind: GoNumber['kind']): ScalarTag {
  return {
    tag: `tag:yaml.org,2002:${kind}`,
    default: true,
    test: new GoNumberTest(kind),
    resolve: (s) => goYamlScalar(s)?.value ?? s,
    // (For reading only: psp-migrate never writes YAML with these options.)
    identify: () => false,
  };
}

const GO_INT_TAG = goNumberTag('int');
const GO_FLOAT_TAG = goNumberTag('float');

function isNumberTag(t: Tags[number]): boolean {
  return typeof t !== 'string' && (t.tag === 'tag:yaml.org,2002:int' || t.tag === 'tag:yaml.org,2002:float');
}

function kubernetesTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t === 'string') {
      if (t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime') out.push(t);
      continue;
    }
    if (DROPPED_TAGS.has(t.tag)) continue;
    // The words .inf and .nan keep the schema's tag (go-yaml has the same words); every other number is go-yaml's,
    // in the place of the schema's first int and first float tag.
    if (isNumberTag(t) && !('test' in t && t.test?.test('.nan'))) {
      const go = t.tag === 'tag:yaml.org,2002:int' ? GO_INT_TAG : GO_FLOAT_TAG;
      if (!out.includes(go)) out.push(go);
      continue;
    }
    out.push(t);
  }
  return out;
}

/** How the exact path calls the `yaml` package (the fast path's tests compare against it). */
export const PARSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  prettyErrors: false,
  customTags: kubernetesTags,
} as const;

/** Aliases expanded per document before we call it an alias bomb (the `yaml` package's default). */
const MAX_ALIAS_COUNT = 100;

/**
 * Collections nested in one another that a document may hold: far more than
 * any Kubernetes object (a pod spec nests about ten deep), and far fewer
 * than where the `yaml` package runs out of call stack (about 800 flow
 * collections with Node's default stack, and fewer on a smaller one). A
 * fixed limit, checked on the syntax tree before anything else, refuses the
 * same documents at the same place on any machine; the stack's own limit did
 * not (its column depended on the stack's size).
 */
const MAX_YAML_DEPTH = 200;

function tooDeep(pos: Pos): Problem {
  return { pos, message: `the YAML nests deeper than ${MAX_YAML_DEPTH} levels (no Kubernetes object nests this deep)`, hint: 'check the file: it is not a cluster dump or manifest' };
}

/** A node of the `yaml` package's concrete syntax tree, as far as depthExceeded reads it. */
type CstNode = { type?: string; offset?: number; start?: { source?: string }; value?: CstNode; items?: CstItem[] } | null | undefined;
type CstItem = { key?: CstNode; sep?: { type: string; offset: number }[]; value?: CstNode };

/**
 * The offset of the first collection (in document order) nested deeper than
 * MAX_YAML_DEPTH in a document of the concrete syntax tree, which the parser
 * builds without recursion; undefined when there is none. Walked without
 * recursion too. `above`: the levels above the document's root (2 for a List
 * item read alone: the List and its `items`). Levels are the mappings and
 * sequences, block or flow, and the one-pair mapping `[a: 1]` holds (the
 * composed document has one there), whatever their tags (`!!omap` too).
 */
function depthExceeded(doc: CstNode, above = 0): number | undefined {
  const stack: [CstNode, number][] = [[doc, above]];
  while (stack.length > 0) {
    const [node, outer] = stack.pop()!;
    if (!node) continue;
    const collection = node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection' || node.type === 'flow-pair';
    const level = collection ? outer + 1 : outer;
    if (level > MAX_YAML_DEPTH) return node.offset;
    if (node.type === 'document') stack.push([node.value, level]);
    const items = node.items ?? [];
    const flowSequence = node.type === 'flow-collection' && node.start?.source === '[';
    // In document order: the last item is pushed first; a key before its value.
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i]!;
      const sep = item.sep?.find((t) => t.type === 'map-value-ind');
      if (flowSequence && sep) stack.push([{ type: 'flow-pair', offset: item.key?.offset ?? sep.offset, items: [{ key: item.key, value: item.value }] }, level]);
      else stack.push([item.value, level], [item.key, level]);
    }
  }
  return undefined;
}

const HELM_HINT = 'this looks like an unrendered Helm template: run `helm template` first and give psp-migrate its output';

/** A line where Go template syntax stands where YAML structure is expected. */
const TEMPLATE_LINE = /^\s*(?:-\s+)?(?:[^\s#'"][^#'"]*?:\s+)?\{\{/;

/**
 * The documents of a YAML stream, each with its positions. `start` is where
 * the text begins in its file, when it is a part of it (the streaming reader
 * gives one document or List item at a time).
 */
export function* parseYamlStream(text: string, file: string, start = { line: 1, col: 1 }, above = 0): Generator<ParsedDocument> {
  const { Composer, LineCounter, Parser } = yamlLibrary();
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer(PARSE_OPTIONS);
  const at = (offset: number): Pos => {
    const { line, col } = lines.linePos(offset);
    return { file, line: line + start.line - 1, col: line === 1 ? col + start.col - 1 : col };
  };
  // Each document's depth, from its syntax tree, before it is composed: the composer recurses, and a document past
  // the limit is never given to it. The documents before it are composed and read as usual (their own problems come
  // first, in the file's order); then the stream stops at it.
  let tooDeepAt: number | undefined;
  const measured = function* (tokens: Iterable<{ type: string }>) {
    for (const token of tokens) {
      if (token.type === 'document') {
        tooDeepAt = depthExceeded(token as CstNode, above);
        if (tooDeepAt !== undefined) return;
      }
      yield token;
    }
  };
  for (const doc of composer.compose(measured(parser.parse(text)) as ReturnType<YamlPackage.Parser['parse']>, true)) {
    const parsed = convertDocument(doc, text, file, at, start.line - 1);
    if (parsed) yield parsed;
  }
  if (tooDeepAt !== undefined) throw new InputError(tooDeep(at(tooDeepAt)));
}

function convertDocument(doc: Document.Parsed, text: string, file: string, at: (offset: number) => Pos, lineOffset: number): ParsedDocument | undefined {
  const { isScalar } = yamlLibrary();
  if (doc.errors.length > 0) throw new InputError(describeErrors(doc.errors, text, at, lineOffset));
  if (doc.contents === null) return undefined;
  if (isScalar(doc.contents) && doc.contents.value === null) return undefined;

  const map = new SourceMapBuilder();
  const problem = walk(doc.contents, '', true, { map, at, text, doc });
  if (problem) throw new InputError(problem);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const pos = at(doc.contents.range?.[0] ?? 0);
    const message = err instanceof Error ? err.message : String(err);
    if (/alias/i.test(message)) {
      throw new InputError({
        pos,
        message: `the document expands too many YAML aliases (more than ${MAX_ALIAS_COUNT}); refusing it as a possible alias bomb`,
        hint: 'expand the aliases in the file, or split the document',
      });
    }
    throw new InputError({ pos, message: `cannot read the YAML document: ${message}`, hint: 'fix the YAML at this position' });
  }
  const start = doc.contents.range?.[0] ?? 0;
  return { value, pos: at(start), map: map.build(file) };
}


interface WalkContext {
  map: SourceMapBuilder;
  at: (offset: number) => Pos;
  text: string;
  doc: Document.Parsed;
}

type Range = [number, number, number];

/** The `kind` of a mapping, when it is a plain string. */
function kindOf(node: unknown): string | undefined {
  const { isMap, isScalar } = yamlLibrary();
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && p.key.value === 'kind');
  return pair && isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
}

/**
 * One walk over a document: records where each key and item starts (not
 * inside pods and workloads), and finds what Kubernetes cannot read —
 * Go template syntax where YAML is expected (plain scalars and flow
 * collections starting with `{{`; quoted and block scalars may hold templates
 * legitimately), and mapping keys that are collections.
 */
function walk(node: unknown, key: string, record: boolean, ctx: WalkContext): Problem | undefined {
  const { isAlias, isMap, isScalar, isSeq, Scalar } = yamlLibrary();
  const range = (node as { range?: Range } | null)?.range;
  if (isScalar(node)) {
    if (node.type === Scalar.PLAIN && typeof node.value === 'string' && node.value.includes('{{')) return templateProblem(ctx.at(range?.[0] ?? 0));
    return undefined;
  }
  if (!isMap(node) && !isSeq(node)) return undefined; // aliases, nulls
  if (range && ctx.text.startsWith('{{', range[0])) return templateProblem(ctx.at(range[0]));
  if (isMap(node)) {
    // The items of a List (and a lone Pod) carry their own kind.
    const own = record && (key === '' || /(^|\u0000)items\u0000\d+$/.test(key)) && POSITIONLESS_KINDS.has(kindOf(node) ?? '') ? false : record;
    for (const pair of node.items) {
      // A key may also be an alias of a collection (`*a : x`).
      const keyNode = isAlias(pair.key) ? pair.key.resolve(ctx.doc) : pair.key;
      if (isMap(keyNode) || isSeq(keyNode)) {
        const start = (pair.key as { range?: Range }).range?.[0] ?? 0;
        if (ctx.text.startsWith('{{', start)) return templateProblem(ctx.at(start));
        return { pos: ctx.at(start), message: 'a mapping key that is itself a mapping or a list', hint: 'Kubernetes objects have only string keys: fix the YAML at this position' };
      }
      if (!isScalar(pair.key)) continue;
      const keyProblem = walk(pair.key, key, false, ctx);
      if (keyProblem) return keyProblem;
      const child = childKey(key, String(pair.key.value));
      const offset = pair.key.range?.[0];
      if (own && offset !== undefined) {
        const pos = ctx.at(offset);
        ctx.map.setKey(child, pos.line, pos.col);
      }
      const problem = walk(pair.value, child, own, ctx);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [i, item] of node.items.entries()) {
    const child = childKey(key, i);
    const offset = (item as { range?: Range } | null)?.range?.[0];
    if (record && offset !== undefined) {
      const pos = ctx.at(offset);
      ctx.map.setKey(child, pos.line, pos.col);
    }
    const problem = walk(item, child, record, ctx);
    if (problem) return problem;
  }
  return undefined;
}

function templateProblem(pos: Pos): Problem {
  return { pos, message: 'Go template syntax `{{ … }}` where YAML is expected', hint: HELM_HINT };
}

function describeErrors(errors: readonly YAMLError[], text: string, at: (offset: number) => Pos, lineOffset: number): Problem[] {
  // A template action on a line where the parser failed is the likely cause of all errors.
  const lines = text.split('\n');
  for (const error of errors) {
    const pos = at(error.pos[0]);
    const line = lines[pos.line - lineOffset - 1] ?? '';
    if (TEMPLATE_LINE.test(line)) {
      return [templateProblem({ ...pos, col: line.indexOf('{{') + 1 })];
    }
  }
  // The first error of a document explains the rest in nearly every case.
  const first = errors[0]!;
  return [describeError(first, text, at(first.pos[0]))];
}

function describeError(error: YAMLError, text: string, pos: Pos): Problem {
  if (error.code === 'DUPLICATE_KEY') {
    // The error's range covers only the key's first character: read the key up to its colon.
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:\n]*))/.exec(text.slice(error.pos[0]))!.slice(1).find((k) => k !== undefined)!.trim();
    return {
      pos,
      message: `duplicate key ${JSON.stringify(key)} in a mapping`,
      hint: 'Kubernetes would keep only one of the values: remove the other',
    };
  }
  const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (/call stack/i.test(message)) {
    // Only with a stack far smaller than Node's default: documents past MAX_YAML_DEPTH are refused before this.
    return { pos, message: `the YAML nests deeper than this process's JavaScript stack allows (the limit is ${MAX_YAML_DEPTH} levels)`, hint: "run psp-migrate with Node.js's default stack size, or a larger one (NODE_OPTIONS=--stack-size=…)" };
  }
  return { pos, message: `malformed YAML: ${message}`, hint: 'fix the YAML syntax at this position' };
}

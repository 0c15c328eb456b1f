/**
 * Streaming input (SPEC §3, issue 8): a cluster dump is read from its file in
 * chunks and handed on one object at a time, so that neither the file nor its
 * documents are ever held whole. A `kubectl get pods -A -o json` of the
 * largest clusters is about a gigabyte — more than the longest string V8 holds.
 *
 * How:
 * - The file is split without being parsed: JSON by a byte scanner that finds
 *   where each top-level value and each item of a top-level `items` array
 *   ends (skipping strings with a native search); YAML by lines, at the
 *   column-0 structure of a stream (`---`, `...`, `items:`, the `- ` that
 *   starts each item).
 * - Each List item is parsed alone by the fast parser of its format:
 *   `JSON.parse`, or js-yaml with our YAML 1.1 schema (src/input/fast-yaml.ts,
 *   which refuses anything it might read differently). Items of the kinds
 *   whose findings point inside them (PSPs, RBAC, namespaces, service
 *   accounts: few) are parsed again by the exact parsers, which record every
 *   field's position; pods and workloads (many) keep only where they start.
 * - Everything that is not a List item — manifests, single objects — goes to
 *   the exact parsers (src/input/yaml.ts, src/input/json.ts) a document at a
 *   time, as before. So does anything the splitter does not recognise: then
 *   the rest of the file is read whole and parsed exactly, which is always
 *   correct, and refused only when it is larger than the document limit.
 *
 * kubectl writes a List's `kind` after its items, so items are added to the
 * inventory as they come and taken back (ObjectSink.rollback) if the
 * document turns out not to be a List.
 *
 * One difference from the exact JSON reader, by design: in pods and
 * workloads read from a JSON List, a duplicate key keeps its last value (as
 * `JSON.parse` and the API server's non-strict decoding do) instead of being
 * an error. YAML keeps refusing duplicates everywhere.
 */
import { isAscii } from 'node:buffer';
import { InputError } from './errors.js';
import type { Pos, Problem } from './errors.js';
import { fastYamlItem, plainBlockPositions } from './fast-yaml.js';
import { parseJsonStream } from './json.js';
import { DEFAULT_PARALLEL, ParsePool, firstContent, outcomeOf, yamlItemText } from './parallel.js';
import { wantsParseWorker } from '../threads.js';
import type { ItemRef, Outcome, ParallelOptions } from './parallel.js';
import { POSITIONLESS_KINDS, SourceMap } from './source-map.js';
import { parseYamlStream } from './yaml.js';
import type { ParsedDocument } from './yaml.js';
import { isRecord } from '../model/fields.js';
import { carrierFromWire } from '../model/objects.js';
import type { PodSummary } from '../model/summary.js';
import type { PodCarrier } from '../model/types.js';
import { BINARY_HINT, checkText, looksLikeJson, maxFileBytes, noObjects, notAnObject, objectsOf, resolveSources, startsWithBom } from './read.js';
import type { ByteInput, RawObject, ReadOptions } from './read.js';

/** Where the objects go: the inventory builder (src/model/objects.ts). */
export interface ObjectSink<M = unknown> {
  add(obj: RawObject): void;
  mark(): M;
  rollback(mark: M): void;
  /** Pods, workloads and ignored objects read from List items (src/input/parallel.ts), as `add` would add them. */
  addCarrier(carrier: PodCarrier, problems: readonly Problem[], shared?: PodSummary): void;
  addIgnored(apiVersion: string, kind: string): void;
  shareSummary(metadata: Record<string, unknown>, spec: Record<string, unknown>): PodSummary;
}

export interface StreamOptions {
  /** The largest document or List item held whole, in bytes. */
  maxDocumentBytes: number;
  /** Called now and then with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** Bytes read at a time (tests make it small to cross chunk boundaries everywhere). */
  chunkBytes?: number;
  /** The worker thread that parses List items, if one is used (src/input/parallel.ts). */
  pool?: ParsePool;
  /** The worker's summaries as the sink shares them, by number (one map per sink). */
  shared?: Map<number, PodSummary>;
  parallel?: ParallelOptions;
}

/** Kinds whose fields no finding points at: only where they start is kept (as the exact parsers do). */

/** Bytes of queued items the window keeps before the queue is applied (src/input/parallel.ts). */
const QUEUE_HOLD_MAX = 32 << 20;
/** Applied items at the head of the queue that make it drop them (see apply). */
const QUEUE_COMPACT = 1024;

/** Thrown by the scanners when a unit runs past the bytes read so far. */
const NEED_MORE = Symbol('need more input');

/** The part of the input in memory: bytes [base, base + end) of the input. */
class Window {
  buf: Buffer;
  base = 0;
  end = 0;
  eof = false;
  private readPos = 0;

  constructor(
    private readonly input: ByteInput,
    private readonly chunk: number,
    private readonly maxHeld: number,
    private readonly tooLarge: (keep: number) => InputError,
    private readonly binary: (offset: number) => InputError,
    private readonly onProgress?: (bytesRead: number) => void,
  ) {
    this.buf = Buffer.allocUnsafe(chunk);
  }

  /**
   * Reads more input, keeping the bytes from absolute offset `keep` on (and
   * from `retain`, if earlier: the parse queue's items). False at the end of
   * the input. The limit on what is held counts from `keep`: the unit being
   * read.
   */
  async more(keep: number, retain = keep): Promise<boolean> {
    if (this.eof) return false;
    if (this.end - (keep - this.base) > this.maxHeld) throw this.tooLarge(keep);
    const drop = Math.min(keep, retain) - this.base;
    const held = this.end - drop;
    if (held + this.chunk > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, held + this.chunk));
      this.buf.copy(bigger, 0, drop, this.end);
      this.buf = bigger;
    } else if (drop > 0) {
      this.buf.copyWithin(0, drop, this.end);
    }
    this.base = drop + this.base;
    this.end = held;
    const n = await this.input.read(this.buf, this.end, this.buf.length - this.end, this.readPos);
    if (n === 0) {
      this.eof = true;
      return false;
    }
    this.readPos += n;
    const from = this.end;
    this.end += n;
    // A NUL byte is never in a manifest: refuse it where it is read, before a NUL-filled file fills memory.
    const nul = this.buf.indexOf(0, from);
    if (nul >= 0 && nul < this.end) throw this.binary(nul + this.base);
    this.onProgress?.(this.readPos);
    return true;
  }

  /** Reads until at least n bytes are in memory or the input ends (at the start). */
  async prefetch(n: number): Promise<void> {
    while (this.end < n && (await this.more(this.base))) {
      // reading
    }
  }

  /** The bytes [from, to) as text, refusing binary data. `at` is where `from` is. */
  text(from: number, to: number, at: Pos): string {
    const bytes = this.buf.subarray(from - this.base, to - this.base);
    checkText(bytes, at);
    return bytes.toString('utf8');
  }
}

type Json = Record<string, unknown>;

function mib(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MiB`;
}

/** What both splitters share: the sink, the exact fallbacks, items. */
abstract class Streamer {
  protected readonly w: Window;
  /** Objects added for the document being read (taken back if it is not a List). */
  protected docMark: unknown;
  /** The List being read (its items are counted as they are applied). */
  protected list: ListState = newList();

  constructor(
    protected readonly input: ByteInput,
    protected readonly name: string,
    protected readonly sink: ObjectSink,
    protected readonly opts: StreamOptions,
    protected readonly json: boolean,
  ) {
    this.w = new Window(input, opts.chunkBytes ?? 8 << 20, opts.maxDocumentBytes, (keep) => this.tooLarge(keep), (offset) => this.binaryAt(offset), opts.onProgress);
  }

  protected abstract where(offset: number): Pos;

  /** The position of a byte at or after the current one (the window holds everything from there on). */
  protected abstract locate(offset: number): Pos;

  private binaryAt(offset: number): InputError {
    return new InputError({ pos: this.locate(offset), message: 'binary data (a NUL byte), not a YAML or JSON manifest', hint: BINARY_HINT });
  }

  /** Line and column of `offset`, counting lines from a known position `from` (line `line`, starting at `lineStart`). */
  protected count(from: number, line: number, lineStart: number, offset: number): Pos {
    const b = this.w.buf;
    let l = line;
    let start = lineStart;
    for (let i = Math.max(from, this.w.base); i < offset; i++) {
      if (b[i - this.w.base] === 0x0a) {
        l++;
        start = i + 1;
      }
    }
    // Positions count from after a byte order mark, which the first read sees before the splitter skips it.
    if (start === 0 && this.w.base === 0 && startsWithBom(b.subarray(0, this.w.end))) start = 3;
    // In UTF-16 code units, when the window holds the line's start (JsonStreamer counts a long line as it goes).
    const col = start >= this.w.base ? b.toString('utf8', start - this.w.base, offset - this.w.base).length + 1 : offset - start + 1;
    return { file: this.name, line: l, col };
  }

  private tooLarge(keep: number): InputError {
    return new InputError({
      pos: this.where(keep),
      message: `a single document or List item larger than ${mib(this.opts.maxDocumentBytes)}, the most psp-migrate holds in memory at once`,
      hint: 'check that this is a cluster dump or manifest; raise the limit with PSP_MIGRATE_MAX_FILE_MB if this machine has the memory',
    });
  }

  /** Parses text exactly (every position, every check) and adds its objects. */
  protected addExact(text: string, start: Pos): void {
    const docs = this.json ? parseJsonStream(text, this.name, start) : parseYamlStream(text, this.name, start);
    for (const doc of docs) for (const obj of objectsOf(doc)) this.sink.add(obj);
  }

  /** Reads the input from `from` to `to` (or its end) again, as one text. */
  protected async reread(from: number, to: number | undefined, start: Pos, why: string, here?: Problem): Promise<string> {
    const end = to ?? this.input.size ?? Number.POSITIVE_INFINITY;
    if (end - from > this.opts.maxDocumentBytes) {
      // What the scanner saw is the best we can say without the exact parser.
      if (here) throw new InputError(here);
      throw new InputError({
        pos: start,
        message: `${why}, so psp-migrate must read the rest of the file whole, and it is larger than ${mib(this.opts.maxDocumentBytes)}`,
        hint: 'give a plain kubectl dump (one List, or one object per document), or raise the limit with PSP_MIGRATE_MAX_FILE_MB if this machine has the memory',
      });
    }
    const chunks: Buffer[] = [];
    let pos = from;
    for (;;) {
      const want = Math.min(8 << 20, end - pos);
      if (want <= 0) break;
      const buf = Buffer.allocUnsafe(want);
      const n = await this.input.read(buf, 0, want, pos);
      if (n === 0) break;
      chunks.push(n === want ? buf : buf.subarray(0, n));
      pos += n;
    }
    const bytes = Buffer.concat(chunks);
    checkText(bytes, start);
    return bytes.toString('utf8');
  }

  /**
   * One List item: fast-parsed, exactly parsed again when its kind keeps
   * positions; `undefined` when it must wait for the List's kind (a typed
   * list's items may leave out their own). Throws an InputError for an item
   * that is not valid.
   */
  protected item(text: string, textStart: Pos, pos: Pos, fast: unknown, root = true): ItemResult {
    if (fast === undefined) {
      // The exact parser says what is wrong with it, or reads what the fast one refused.
      const docs = [...this.exact(text, textStart, pos, root)];
      return docs.length === 1 ? fromExact(docs[0]!) : { not: 'object' };
    }
    if (!isRecord(fast)) return { not: 'object' };
    const { apiVersion, kind } = fast;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return { not: 'typed', value: fast };
    // A JSON PSP is read exactly: JSON.parse keeps the last of two equal keys (`privileged` given twice), which the
    // exact reader refuses. The fast YAML reader refuses them too, and reads what it accepts as the exact one does.
    if (kind.endsWith('List') || (kind === 'PodSecurityPolicy' && this.json)) return fromExact([...this.exact(text, textStart, pos, root)][0]!);
    if (POSITIONLESS_KINDS.has(kind)) return [{ apiVersion, kind, value: fast, pos, map: SourceMap.only(pos) }];
    // PSPs (YAML), RBAC objects, namespaces, service accounts: positions when something points inside them.
    return [{ apiVersion, kind, value: fast, pos, map: lazyMap(this.json, this.name, text, textStart, pos, root) }];
  }

  /**
   * An item parsed exactly, alone: `textStart` is where its text starts, `pos`
   * where the item starts — the position of its root, as in its List.
   */
  protected exact(text: string, textStart: Pos, pos: Pos, root = true): Iterable<ParsedDocument> {
    return exactItem(this.json, this.name, text, textStart, pos, root);
  }

  /** Adds an item's objects, or keeps it for the end of its List. */
  protected addItem(text: string, textStart: Pos, pos: Pos, fast: unknown, list: ListState, root = true): void {
    const index = list.items++;
    const got = this.item(text, textStart, pos, fast, root);
    if (Array.isArray(got)) for (const obj of got) this.sink.add(obj);
    else if (got.not === 'typed') list.pending.push({ value: got.value, pos, textStart, text, index });
    else list.notObjects.push({ index, pos });
  }

  // -------------------------------------------------------------------------
  // List items in order: each is parsed by the worker thread or here
  // (src/input/parallel.ts), and applied to the sink in the items' order.

  /** Items found and not yet applied, in order; `open` are those not yet in a batch. */
  private pending: Entry[] = [];
  private head = 0;
  private open: Entry[] = [];
  private openBytes = 0;

  /** The first byte the queue still needs (the window keeps it). */
  protected queueKeep(keep: number): number {
    return this.head < this.pending.length ? Math.min(keep, this.pending[this.head]!.start) : keep;
  }

  /**
   * Reads more input for the splitter, which needs the bytes from `keep` on.
   * The queue's items are kept too; should they hold much (a slow worker),
   * they are applied first. A reading error (a NUL byte, a unit too large)
   * comes after the problems of the items before it, as when items were
   * applied at once: 'stop' when one of them sent the rest of the file to the
   * exact parser, which then says what is wrong.
   */
  protected async readMore(keep: number): Promise<'more' | 'end' | Signal> {
    if (keep - this.queueKeep(keep) > QUEUE_HOLD_MAX) {
      const signal = await this.settle();
      if (signal !== 'ok') return signal;
    }
    try {
      return (await this.w.more(keep, this.queueKeep(keep))) ? 'more' : 'end';
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      if ((await this.settle()) === 'stop') return 'stop';
      throw err;
    }
  }

  /** Adds an item whose bytes are [start, end) of the input; applies what is ready. */
  protected async enqueue(entry: Entry): Promise<Signal> {
    this.pending.push(entry);
    this.open.push(entry);
    this.openBytes += entry.end - entry.start;
    if (this.openBytes >= (this.opts.parallel ?? DEFAULT_PARALLEL).batchBytes) await this.dispatch();
    return this.applyReady();
  }

  /** Hands the open batch to the worker, or parses it here when the worker is busy. */
  private async dispatch(): Promise<void> {
    const entries = this.open;
    if (entries.length === 0) return;
    this.open = [];
    this.openBytes = 0;
    const pool = this.opts.pool;
    const limit = (this.opts.parallel ?? DEFAULT_PARALLEL).inFlight;
    // A busy worker may have answered meanwhile: let its replies in once before parsing here.
    if (pool?.usable && pool.busy >= limit) await new Promise((resolve) => setImmediate(resolve));
    if (pool?.usable && pool.busy < limit) {
      const from = entries[0]!.start;
      const bytes = new Uint8Array(entries[entries.length - 1]!.end - from);
      bytes.set(this.w.buf.subarray(from - this.w.base, entries[entries.length - 1]!.end - this.w.base));
      const refs = entries.map((e) => this.refOf(e, from));
      const batch: Batch = { seq: pool.send({ json: this.json, file: this.name, bytes, refs }), entries };
      for (const e of entries) e.batch = batch;
      return;
    }
    for (const e of entries) e.outcome = this.parseHere(e);
  }

  private refOf(e: Entry, from: number): ItemRef {
    return { start: e.start - from, end: e.end - from, line: e.pos.line, col: e.pos.col, indent: e.indent };
  }

  private parseHere(e: Entry): Outcome {
    return outcomeOf(this.w.buf, this.refOf(e, this.w.base), this.json, this.name);
  }

  /** Takes the worker's answers for a batch into its entries. */
  private take(batch: Batch, outcomes: readonly Outcome[] | undefined): void {
    batch.entries.forEach((e, i) => {
      e.outcome = outcomes ? outcomes[i]! : this.parseHere(e);
    });
  }

  /** Applies the items at the head of the queue that are parsed. */
  protected applyReady(): Promise<Signal> {
    return this.apply(false);
  }

  /** Applies every item found so far, waiting for the worker. */
  protected async settle(): Promise<Signal> {
    await this.dispatch();
    return this.apply(true);
  }

  private async apply(wait: boolean): Promise<Signal> {
    const pool = this.opts.pool;
    while (this.head < this.pending.length) {
      const e = this.pending[this.head]!;
      if (!e.outcome && e.batch) {
        // Without a reply (the worker failed), the batch is parsed here.
        const reply = pool?.ready(e.batch.seq) ?? (wait ? await pool?.result(e.batch.seq) : undefined);
        if (!reply && !wait && pool?.usable) return 'ok';
        this.take(e.batch, reply?.outcomes);
      }
      if (!e.outcome) return 'ok'; // (in the open batch: only when not waiting)
      const signal = await this.applyOne();
      if (signal !== 'ok') return signal;
      // The queue seldom runs empty while the worker is busy: applied items are let go from time to time,
      // or every item of a large dump (and what it was parsed into) would stay until its end.
      if (this.head >= QUEUE_COMPACT && this.head * 2 >= this.pending.length) {
        this.pending = this.pending.slice(this.head);
        this.head = 0;
      }
    }
    this.pending = [];
    this.head = 0;
    return 'ok';
  }

  /** Drops every item not yet applied (after a rewind: they were split from a wrong guess). */
  protected discardQueue(): void {
    for (const e of this.pending.slice(this.head)) if (e.batch && !e.outcome) this.opts.pool?.discard(e.batch.seq);
    this.pending = [];
    this.head = 0;
    this.open = [];
    this.openBytes = 0;
  }

  private async applyOne(): Promise<Signal> {
    const e = this.pending[this.head]!;
    const out = e.outcome!;
    this.head++;
    // (Rewinding and stopping drop the rest of the queue.)
    if (out.t === 'main') return this.applyMain(e);
    this.list.items++;
    if (out.t === 'ignored') {
      this.sink.addIgnored(out.apiVersion, out.kind);
      return 'ok';
    }
    let shared: PodSummary | undefined;
    if (typeof out.summary === 'number') {
      // Shared with the inventory once per number: the sink's interner is not asked again for every replica.
      shared = this.opts.shared!.get(out.summary);
      if (!shared) {
        const s = this.opts.pool!.summaries.get(out.summary)!;
        this.opts.shared!.set(out.summary, (shared = this.sink.shareSummary(s.metadata, s.spec)));
      }
    }
    const { metadata: podMetadata, spec: podSpec } = shared ?? (out.summary as PodSummary);
    this.sink.addCarrier(carrierFromWire(out.carrier, this.name, podMetadata, podSpec), out.problems, shared);
    return 'ok';
  }


  /** An item the worker left to the reader: the reader's own path, with its positions and errors. */
  protected abstract applyMain(e: Entry): Promise<Signal>;

  /** The end of a List: items that left out their kind take the List's, and items that are not objects are reported. */
  protected finishList(kind: string, apiVersion: string, list: ListState): void {
    // In a typed list (PodList) the API server may leave out the items' kind.
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const problems: Problem[] = list.notObjects.map(({ index, pos }) => notAnObject(pos, `item ${index} of the ${kind}`));
    for (const { value, pos, textStart, text, index } of list.pending) {
      const av = typeof value.apiVersion === 'string' ? value.apiVersion : itemKind ? apiVersion : undefined;
      const k = typeof value.kind === 'string' ? value.kind : itemKind;
      if (av === undefined || k === undefined) {
        problems.push(notAnObject(pos, `item ${index} of the ${kind}`));
        continue;
      }
      const doc = [...this.exact(text, textStart, pos)][0]!;
      for (const obj of objectsOf({ ...doc, value: { ...(doc.value as Record<string, unknown>), apiVersion: av, kind: k } })) this.sink.add(obj);
    }
    if (problems.length > 0) throw new InputError(problems);
  }
}

/** An item parsed exactly, alone (Streamer.exact). */
function* exactItem(json: boolean, name: string, text: string, textStart: Pos, pos: Pos, root: boolean): Iterable<ParsedDocument> {
  // An item is two levels down in its document (the List, its items): nesting limits count from the document.
  const above = root ? 2 : 0;
  for (const doc of json ? parseJsonStream(text, name, textStart, above) : parseYamlStream(text, name, textStart, above)) {
    // (A document read alone has no root position, as in the exact path; an item has its List's.)
    yield root ? { ...doc, pos, map: doc.map.withRoot(pos) } : doc;
  }
}

/**
 * An item's positions, found when first asked for. The function holds the
 * item's text and nothing of the reader: PSPs outlive the reading, in the
 * analysis and the report, and the reader holds the inventory and its buffer.
 */
function lazyMap(json: boolean, name: string, text: string, textStart: Pos, pos: Pos, root: boolean): SourceMap {
  return SourceMap.lazy(name, () => {
    // Plain block YAML (kubectl's RBAC objects, most PSPs) has its positions found without the exact parser.
    const plain = json ? undefined : plainBlockPositions(text, textStart);
    if (plain) return root ? new SourceMap(name, plain).withRoot(pos) : new SourceMap(name, plain);
    try {
      return [...exactItem(json, name, text, textStart, pos, root)][0]!.map;
    } catch {
      return SourceMap.only(pos); // (the fast parser read it; the exact one would not — a JSON duplicate key)
    }
  });
}

type ItemResult = RawObject[] | { not: 'object' } | { not: 'typed'; value: Record<string, unknown> };

interface ListState {
  items: number;
  pending: { value: Record<string, unknown>; pos: Pos; textStart: Pos; text: string; index: number }[];
  notObjects: { index: number; pos: Pos }[];
}

/** A List item in the queue. */
interface Entry {
  /** Its bytes in the input. */
  start: number;
  end: number;
  /** JSON: where the item starts; YAML: the line of its `- `, column 1. */
  pos: Pos;
  /** YAML: the indentation of its `- `; JSON: -1. */
  indent: number;
  /** JSON: whether the end was guessed from the layout (prettyItem), to be confirmed by the parse. */
  guessed: boolean;
  /** JSON: where the item's line starts, in bytes (pos.col counts UTF-16 code units). */
  lineStart?: number;
  batch?: Batch;
  outcome?: Outcome;
}

interface Batch {
  seq: number;
  entries: Entry[];
}

/** What applying items tells the splitter: go on; the rest of the file went to the exact parser; or the JSON splitter must go back to an item. */
type Signal = 'ok' | 'stop' | 'rewind';

function newList(): ListState {
  return { items: 0, pending: [], notObjects: [] };
}

function fromExact(doc: ParsedDocument): ItemResult {
  const v = doc.value;
  if (!isRecord(v)) return { not: 'object' };
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') return { not: 'typed', value: v };
  return objectsOf(doc);
}

/**
 * The JSON splitter. Phases: between documents; in a top-level object's
 * members; in its `items` array. Every step starts from a checkpoint, and a
 * step that runs out of bytes is taken again after reading more.
 */
class JsonStreamer extends Streamer {
  private p = 0;
  private line = 1;
  private lineStart = 0;
  // The document being read.
  private docStart = 0;
  private docPos: Pos = { file: '', line: 1, col: 1 };
  private members: string[] = [];
  private keys = new Set<string>();
  private sawItems = false;
  /** An item whose end is not to be guessed from the layout (the guess did not parse). */
  private noGuessAt = -1;
  /**
   * Columns count UTF-16 code units, as the exact readers do (they read
   * strings): bytes [unitsLine, unitsAt) of the line starting at unitsLine
   * are unitsExtra more than their units. Counted forward as positions are
   * asked for, so that a long line (minified JSON) is counted once; brought
   * up to p before the window lets bytes go (see run). Three numbers, which
   * each step of the splitter saves and restores.
   */
  private unitsLine = 0;
  private unitsAt = 0;
  private unitsExtra = 0;

  protected where(offset: number): Pos {
    return offset === this.docStart ? this.docPos : { file: this.name, line: this.line, col: this.col(offset) };
  }

  private pos(): Pos {
    return { file: this.name, line: this.line, col: this.col(this.p) };
  }

  /** The column of a byte on the current line, in UTF-16 code units. */
  private col(offset: number): number {
    if (this.unitsLine !== this.lineStart) {
      this.unitsLine = this.unitsAt = this.lineStart;
      this.unitsExtra = 0;
    }
    if (offset >= this.unitsAt) {
      this.unitsExtra += this.extraUnits(this.unitsAt, offset);
      this.unitsAt = offset;
      return offset - this.lineStart - this.unitsExtra + 1;
    }
    // Earlier on the line than counted (an error about the unit the window holds from its start).
    return offset - this.lineStart - this.extraUnits(this.lineStart, offset) + 1;
  }

  /** How many more bytes than UTF-16 code units [from, to) has (the part of it in the window). */
  private extraUnits(from: number, to: number): number {
    const lo = Math.max(from, this.w.base) - this.w.base;
    const hi = Math.min(to, this.w.base + this.w.end) - this.w.base;
    const buf = this.w.buf;
    // The usual range is an item's indentation: looked at here, not through a native call.
    if (hi - lo <= 64) {
      let i = lo;
      while (i < hi && buf[i]! < 0x80) i++;
      if (i === hi) return 0;
    }
    const b = buf.subarray(lo, hi);
    if (isAscii(b)) return 0;
    // Decoded as checkText decodes (an invalid byte is one unit, U+FFFD): the ranges asked about start and end at ASCII bytes.
    return b.length - b.toString('utf8').length;
  }

  protected locate(offset: number): Pos {
    const pos = this.count(this.p, this.line, this.lineStart, offset);
    // On the current line, whose start the window no longer holds: its units up to p, counted as it was read.
    if (pos.line !== this.line || this.lineStart >= this.w.base) return pos;
    return { ...pos, col: this.col(this.p) + (offset - this.p) - this.extraUnits(this.p, offset) };
  }

  /** The byte at an absolute offset; -1 at the end of the input. */
  private byte(at: number): number {
    if (at - this.w.base >= this.w.end) {
      if (this.w.eof) return -1;
      throw NEED_MORE;
    }
    return this.w.buf[at - this.w.base]!;
  }

  private skipSpace(): void {
    for (;;) {
      const c = this.byte(this.p);
      if (c === 0x0a) {
        this.p++;
        this.line++;
        this.lineStart = this.p;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) this.p++;
      else return;
    }
  }

  /**
   * The end of the value at p, counting its lines (raw newlines are only
   * ever outside strings in JSON). -1 when the input ends inside it. Nothing
   * is checked but the nesting of brackets and strings: the parser of the
   * value checks the rest.
   */
  private skipValue(): number {
    const b = this.w.buf;
    const base = this.w.base;
    const end = this.w.end;
    let i = this.p - base;
    let line = this.line;
    let lineStart = this.lineStart;
    let depth = 0;
    const first = b[i];
    if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
      // A scalar: up to the next delimiter.
      while (i < end) {
        const c = b[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) break;
        i++;
      }
      if (i >= end && !this.w.eof) throw NEED_MORE;
      return i + base;
    }
    for (;;) {
      if (i >= end) {
        if (this.w.eof) return -1;
        throw NEED_MORE;
      }
      const c = b[i]!;
      if (c === 0x22) {
        let j = i + 1;
        for (;;) {
          const q = b.indexOf(0x22, j);
          if (q < 0 || q >= end) {
            if (this.w.eof) return -1;
            throw NEED_MORE;
          }
          // Escaped when an odd number of backslashes precede it (the opening quote stops the count).
          let k = q - 1;
          while (b[k] === 0x5c) k--;
          j = q + 1;
          if (((q - 1 - k) & 1) === 0) break;
        }
        i = j;
        if (depth === 0) break;
      } else if (c === 0x7b || c === 0x5b) {
        depth++;
        i++;
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
        i++;
        if (depth === 0) break;
      } else if (c === 0x0a) {
        i++;
        line++;
        lineStart = base + i;
      } else {
        i++;
      }
    }
    this.line = line;
    this.lineStart = lineStart;
    return i + base;
  }

  /**
   * An item of pretty-printed JSON (kubectl's), found without looking at
   * every byte: an object whose `{` is at column c ends at the first line
   * that is c-1 spaces and `}`. The guess is checked when the item is parsed
   * (applyMain, or the worker's JSON.parse): text that parses whole is one
   * complete value, and a value starting at a given byte has one end, so a
   * parse that succeeds found the item exactly; one that fails sends the
   * splitter back here to scan every byte (rewindTo). False when there is no
   * guess; otherwise the item's lines are counted and p is at its end.
   */
  private prettyEnd(): boolean {
    const b = this.w.buf;
    const base = this.w.base;
    if (this.p === this.noGuessAt || b[this.p - base] !== 0x7b) return false;
    const indent = this.p - this.lineStart;
    if (indent > 64) return false;
    // Each `}`, found with a native search, is checked for the line it ends (much faster than a search for the whole line).
    const limit = this.w.end;
    let q = this.p - base;
    for (;;) {
      q = b.indexOf(0x7d, q + 1);
      if (q < 0 || q >= limit) return false;
      if (b[q - indent - 1] !== 0x0a) continue;
      let k = q - 1;
      while (k > q - indent - 1 && b[k] === 0x20) k--;
      if (k === q - indent - 1) break;
    }
    // Count the item's lines (raw newlines are never inside JSON strings); its last line is spaces and `}`.
    let line = this.line;
    for (let i = b.indexOf(0x0a, this.p - base); i >= 0 && i < q; i = b.indexOf(0x0a, i + 1)) line++;
    if (line > this.line) this.lineStart = q - indent + base;
    this.line = line;
    this.p = q + 1 + base;
    return true;
  }

  protected async applyMain(e: Entry): Promise<Signal> {
    const text = this.w.text(e.start, e.end, e.pos);
    let fast: unknown;
    try {
      fast = JSON.parse(text);
    } catch {
      if (e.guessed) {
        this.rewindTo(e);
        return 'rewind';
      }
      fast = undefined; // the exact reader says why
    }
    this.addItem(text, e.pos, e.pos, fast, this.list);
    return 'ok';
  }

  /** Back to an item whose end was guessed wrong: it is scanned byte by byte, and what followed it is split again. */
  private rewindTo(e: Entry): void {
    this.discardQueue();
    this.p = e.start;
    this.line = e.pos.line;
    this.lineStart = e.lineStart!;
    this.unitsLine = e.lineStart!;
    this.unitsAt = e.start;
    this.unitsExtra = e.start - e.lineStart! - (e.pos.col - 1);
    this.noGuessAt = e.start;
  }

  /** Before giving up on the items: applies those found; true when that went back to an earlier item. */
  private async rewound(): Promise<boolean> {
    return (await this.settle()) === 'rewind';
  }

  /** What the exact reader would say about an unexpected byte here, for inputs too large to hand to it. */
  private unexpected(expected: string): Problem {
    const c = this.byte(this.p);
    const found = c < 0 ? 'end of input' : JSON.stringify(String.fromCharCode(c));
    return { pos: this.pos(), message: `malformed JSON: expected ${expected}, found ${found}`, hint: 'fix the JSON syntax at this position' };
  }

  async run(): Promise<void> {
    await this.w.prefetch(3);
    // Positions count from after a byte order mark, as decodeText does.
    if (startsWithBom(this.w.buf.subarray(0, this.w.end))) {
      this.p = 3;
      this.lineStart = 3;
    }
    let phase: 'top' | 'member' | 'afterMember' | 'item' | 'afterItem' = 'top';
    for (;;) {
      const saved = { p: this.p, line: this.line, lineStart: this.lineStart, unitsLine: this.unitsLine, unitsAt: this.unitsAt, unitsExtra: this.unitsExtra };
      /** A key of the document taken in this step: given back if the step must wait for more input and start again. */
      let taken: string | undefined;
      try {
        if (phase === 'top') {
          this.skipSpace();
          if (this.byte(this.p) < 0) return;
          this.startDocument();
          if (this.byte(this.p) !== 0x7b) return await this.exactRest('the input has a JSON value that is not an object', this.unexpected('an object'));
          this.p++;
          this.skipSpace();
          if (this.byte(this.p) === 0x7d) {
            this.p++;
            await this.endDocument();
          } else phase = 'member';
        } else if (phase === 'member') {
          this.skipSpace();
          if (this.byte(this.p) !== 0x22) return await this.exactRest('malformed JSON', this.unexpected('a key in double quotes'));
          const keyStart = this.p;
          const keyPos = this.pos();
          const keyEnd = this.skipValue();
          if (keyEnd < 0) return await this.exactRest('malformed JSON', this.unexpected('a key in double quotes'));
          const key = this.parse(keyStart, keyEnd);
          if (typeof key !== 'string') return await this.exactRest('malformed JSON', { pos: keyPos, message: 'malformed JSON: bad key', hint: 'fix the JSON syntax at this position' });
          if (this.keys.has(key)) {
            return await this.exactRest('duplicate key', { pos: keyPos, message: `duplicate key ${JSON.stringify(key)} in an object`, hint: 'Kubernetes would keep only one of the values: remove the other' });
          }
          this.keys.add((taken = key));
          this.p = keyEnd;
          this.skipSpace();
          if (this.byte(this.p) !== 0x3a) return await this.exactRest('malformed JSON', this.unexpected('":"'));
          this.p++;
          this.skipSpace();
          if (key === 'items' && this.byte(this.p) === 0x5b) {
            this.p++;
            this.sawItems = true;
            this.skipSpace();
            if (this.byte(this.p) === 0x5d) {
              this.p++;
              phase = 'afterMember';
            } else phase = 'item';
          } else {
            const end = this.skipValue();
            if (end < 0) return await this.exactRest('malformed JSON', this.unexpected('a value'));
            this.members.push(this.w.text(keyStart, end, keyPos));
            this.p = end;
            phase = 'afterMember';
          }
        } else if (phase === 'afterMember') {
          this.skipSpace();
          const c = this.byte(this.p);
          if (c === 0x2c) phase = 'member';
          else if (c === 0x7d) phase = 'top';
          else return await this.exactRest('malformed JSON', this.unexpected('"," or "}"'));
          this.p++;
          if (phase === 'top') await this.endDocument();
        } else if (phase === 'item') {
          this.skipSpace();
          const pos = this.pos();
          const start = this.p;
          const lineStart = this.lineStart;
          const guessed = this.prettyEnd();
          if (!guessed) {
            const end = this.skipValue();
            if (end < 0) {
              if (await this.rewound()) continue;
              return await this.exactRest('malformed JSON', this.unexpected('a value'));
            }
            this.p = end;
          }
          phase = 'afterItem';
          if ((await this.enqueue({ start, end: this.p, pos, indent: -1, guessed, lineStart })) === 'rewind') phase = 'item';
        } else {
          this.skipSpace();
          const c = this.byte(this.p);
          if (c === 0x2c) phase = 'item';
          else if (c === 0x5d) phase = 'afterMember';
          else {
            if (await this.rewound()) {
              phase = 'item';
              continue;
            }
            return await this.exactRest('malformed JSON', this.unexpected('"," or "]"'));
          }
          this.p++;
          // The items are over: all of them are applied before the List's other members are read.
          if (phase === 'afterMember' && (await this.settle()) === 'rewind') phase = 'item';
        }
      } catch (err) {
        if (err !== NEED_MORE) throw err;
        Object.assign(this, saved);
        if (taken !== undefined) this.keys.delete(taken);
        this.col(this.p); // (counted while the window holds the line's bytes)
        // A document without items is parsed from memory at its end: keep it from its start.
        const read = await this.readMore(phase !== 'top' && !this.sawItems ? this.docStart : this.p);
        // (At the end of the input, the scanner sees the end on its next step.)
        if (read === 'rewind') phase = 'item';
      }
    }
  }

  private parse(from: number, to: number): unknown {
    try {
      return JSON.parse(this.w.buf.toString('utf8', from - this.w.base, to - this.w.base));
    } catch {
      return undefined;
    }
  }

  private startDocument(): void {
    this.docStart = this.p;
    this.docPos = this.pos();
    this.docMark = this.sink.mark();
    this.members = [];
    this.keys = new Set();
    this.sawItems = false;
    this.list = newList();
  }

  private async endDocument(): Promise<void> {
    let envelope: unknown;
    try {
      envelope = JSON.parse(`{${this.members.join(',')}}`);
    } catch {
      envelope = undefined;
    }
    const kind = isRecord(envelope) ? envelope.kind : undefined;
    const apiVersion = isRecord(envelope) ? envelope.apiVersion : undefined;
    if (this.sawItems && typeof kind === 'string' && kind.endsWith('List') && typeof apiVersion === 'string') {
      this.finishList(kind, apiVersion, this.list);
      return;
    }
    // Not a List: the document is read exactly, as a whole.
    this.sink.rollback(this.docMark);
    const text = this.sawItems ? await this.reread(this.docStart, this.p, this.docPos, 'this JSON document has items but is not a List') : this.w.text(this.docStart, this.p, this.docPos);
    this.addExact(text, this.docPos);
  }

  /** Reads the rest of the file exactly, from the current document's start. */
  private async exactRest(why: string, here: Problem): Promise<void> {
    // (Outside the items, where nothing is queued; in them, the caller settled the queue.)
    await this.settle();
    this.sink.rollback(this.docMark);
    const text = await this.reread(this.docStart, undefined, this.docPos, why, here);
    this.addExact(text, this.docPos);
  }
}

/** Longer YAML lines are refused: see onLine. */
const MAX_YAML_LINE = 2 << 20;

/** The YAML lines the splitter tells apart. */
const YAML_ITEMS_KEY = /^items[ \t]*:[ \t]*(#.*)?\r?$/;
const YAML_MARKER = /^(---|\.\.\.)([ \t]|\r?$)/;
const YAML_MARKER_ONLY = /^(---|\.\.\.)[ \t]*(#.*)?\r?$/;

/**
 * The YAML splitter, line by line. A document is a run of lines between
 * markers; inside it, a column-0 `items:` followed by `- ` lines (at column 0,
 * or all at one indentation) holds the List's items, each running to the
 * next `- ` at that indentation or to the next column-0 line. Blank lines and
 * comments go with what is being read. Anything else unusual sends the rest
 * of the file to the exact parser.
 */
class YamlStreamer extends Streamer {
  private p = 0;
  private line = 1;
  private docStart = 0;
  private docLine = 1;
  /** The document's text outside its items. */
  private envelope: string[] = [];
  private segStart = 0;
  private segLine = 1;
  private mode: 'envelope' | 'itemsKey' | 'items' = 'envelope';
  private indent = 0;
  private itemStart = -1;
  private itemLine = 0;

  protected where(offset: number): Pos {
    return { file: this.name, line: offset === this.itemStart ? this.itemLine : offset === this.docStart ? this.docLine : this.line, col: 1 };
  }

  protected locate(offset: number): Pos {
    return this.count(this.p, this.line, this.p, offset);
  }

  async run(): Promise<void> {
    await this.w.prefetch(3);
    if (startsWithBom(this.w.buf.subarray(0, this.w.end))) this.p = 3;
    this.startDocument(this.p, 1);
    for (;;) {
      const rel = this.p - this.w.base;
      let nl = rel < this.w.end ? this.w.buf.indexOf(0x0a, rel) : -1;
      if (nl >= this.w.end) nl = -1;
      if (nl < 0 && !this.w.eof) {
        // Keep what is still to be decoded: the current item, or the envelope's current run.
        if ((await this.readMore(Math.min(this.p, this.mode === 'items' && this.itemStart >= 0 ? this.itemStart : this.segStart))) === 'stop') return;
        continue;
      }
      if (rel >= this.w.end) {
        await this.endDocument(this.p);
        return;
      }
      const lineEnd = (nl < 0 ? this.w.end : nl) + this.w.base;
      const next = nl < 0 ? lineEnd : lineEnd + 1;
      // Most lines of a List are inside an item: passed over here, without the cost of an await each.
      if (!(this.mode === 'items' && this.insideItem(this.p, lineEnd)) && (await this.onLine(this.p, lineEnd, next))) return;
      this.p = next;
      this.line++;
    }
  }

  /** Whether onLine would pass over the line [start, end) of an item: blank, a comment, or indented further than the items. */
  private insideItem(start: number, end: number): boolean {
    if (end - start > MAX_YAML_LINE) return false;
    const b = this.w.buf;
    const s = start - this.w.base;
    const e = end - this.w.base;
    let i = s;
    for (; i < e; i++) {
      const c = b[i];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    }
    return i >= e || b[i] === 0x23 || i - s > this.indent;
  }

  /** Handles the line [start, end); true when the rest of the file went to the exact parser. */
  private async onLine(start: number, end: number, next: number): Promise<boolean> {
    if (end - start > MAX_YAML_LINE) {
      // (The items before it come first.)
      if ((await this.settle()) === 'stop') return true;
      // The exact parser would take minutes and gigabytes over a scalar this long (it composes quoted scalars piecewise).
      throw new InputError({
        pos: { file: this.name, line: this.line, col: 1 },
        message: `a YAML line longer than ${mib(MAX_YAML_LINE)} (${((end - start) / 1048576).toFixed(1)} MiB)`,
        hint: 'no Kubernetes object holds a line this long (the API server stores at most 1.5 MiB per object): check that this is a cluster dump or manifest',
      });
    }
    const b = this.w.buf;
    const s = start - this.w.base;
    const e = end - this.w.base;
    let i = s;
    let tabbed = false;
    for (; i < e; i++) {
      const c = b[i];
      if (c === 0x09) tabbed = true;
      else if (c !== 0x20 && c !== 0x0d) break;
    }
    if (i >= e || b[i] === 0x23) return false; // blank or a comment
    const first = b[s]!;
    const col0 = i === s;
    if (col0 && (first === 0x2d || first === 0x2e)) {
      const head = b.toString('latin1', s, Math.min(e, s + 64));
      if (YAML_MARKER.test(head)) {
        if (!YAML_MARKER_ONLY.test(head)) return this.exactRest('a document marker with content on its line');
        if (await this.endDocument(start)) return true;
        this.startDocument(next, this.line + 1);
        return false;
      }
    }
    if (this.mode === 'envelope') {
      if (col0 && first === 0x25 && this.envelope.length === 0 && this.segStart === start) return this.exactRest('a YAML directive');
      if (col0 && first === 0x69 && YAML_ITEMS_KEY.test(b.toString('latin1', s, Math.min(e, s + 256)))) this.mode = 'itemsKey';
      return false;
    }
    const indent = i - s;
    const dash = b[i] === 0x2d && (i + 1 >= e || b[i + 1] === 0x20 || b[i + 1] === 0x0d);
    if (this.mode === 'itemsKey') {
      if (!dash) {
        this.mode = 'envelope'; // `items:` holds no sequence: an ordinary key after all
        return false;
      }
      if (tabbed) return this.exactRest('a tab in the indentation');
      this.closeSegment(start);
      this.mode = 'items';
      this.indent = indent;
      this.beginItem(start);
      return false;
    }
    if (indent === this.indent && dash && !tabbed) {
      if (await this.endItem(start)) return true;
      this.beginItem(start);
      return false;
    }
    if (indent > this.indent) return false; // inside the current item
    if (col0) {
      // A column-0 key: the items are over, the envelope goes on.
      if (await this.endItem(start)) return true;
      this.mode = 'envelope';
      this.segStart = start;
      this.segLine = this.line;
      return false;
    }
    return this.exactRest('List items indented in a way the splitter does not follow');
  }

  private startDocument(at: number, line: number): void {
    this.docStart = at;
    this.docLine = line;
    this.docMark = this.sink.mark();
    this.envelope = [];
    this.segStart = at;
    this.segLine = line;
    this.mode = 'envelope';
    this.itemStart = -1;
    this.list = newList();
  }

  private closeSegment(at: number): void {
    if (at > this.segStart) this.envelope.push(this.w.text(this.segStart, at, { file: this.name, line: this.segLine, col: 1 }));
    this.segStart = at;
  }

  private beginItem(at: number): void {
    this.itemStart = at;
    this.itemLine = this.line;
  }

  /** Queues the item that ends at `at`; true when the rest of the file went to the exact parser. */
  private async endItem(at: number): Promise<boolean> {
    if (this.itemStart < 0) return false;
    const entry: Entry = { start: this.itemStart, end: at, pos: { file: this.name, line: this.itemLine, col: 1 }, indent: this.indent, guessed: false };
    this.itemStart = -1;
    return (await this.enqueue(entry)) === 'stop';
  }

  /**
   * An item the worker left to the reader. An item the exact parser refuses
   * alone may be fine in its document (an alias of an anchor in another
   * item): then the rest of the file is read exactly, and says what is wrong
   * if anything is.
   */
  protected async applyMain(e: Entry): Promise<Signal> {
    const text = yamlItemText(this.w.text(e.start, e.end, e.pos), e.indent);
    try {
      const parsed = e.outcome?.t === 'main' ? e.outcome.value : undefined;
      this.addItem(text, e.pos, firstContent(text, this.name, e.pos.line), parsed ?? fastYamlItem(text), this.list);
      return 'ok';
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      this.discardQueue();
      await this.exactRest('a List item that cannot be read alone', err.problems[0]);
      return 'stop';
    }
  }

  /** True when the rest of the file went to the exact parser. */
  private async endDocument(at: number): Promise<boolean> {
    if (this.mode === 'items' && (await this.endItem(at))) return true;
    if ((await this.settle()) === 'stop') return true;
    if (this.mode !== 'items') this.closeSegment(at);
    const docPos = { file: this.name, line: this.docLine, col: 1 };
    if (this.list.items === 0) {
      // Not a List (the usual manifest): its text is all envelope. A pod or workload, RBAC object, namespace
      // or service account that the fast parser reads is read as a List item is (a dump may hold a million
      // such documents); anything else, exactly.
      const text = this.envelope.join('');
      const fast = fastYamlItem(text);
      const kind = isRecord(fast) ? fast.kind : undefined;
      if (typeof kind === 'string' && kind !== 'PodSecurityPolicy' && !kind.endsWith('List') && typeof (fast as Json).apiVersion === 'string') {
        this.addItem(text, docPos, firstContent(text, this.name, this.docLine), fast, newList(), false);
      } else {
        this.addExact(text, docPos);
      }
      return false;
    }
    let envelope: unknown;
    try {
      const docs = [...parseYamlStream(this.envelope.join(''), this.name, docPos)];
      envelope = docs.length === 1 ? docs[0]!.value : undefined;
    } catch {
      envelope = undefined; // the exact parser of the whole document says why
    }
    const kind = isRecord(envelope) ? envelope.kind : undefined;
    const apiVersion = isRecord(envelope) ? envelope.apiVersion : undefined;
    if (typeof kind === 'string' && kind.endsWith('List') && typeof apiVersion === 'string') {
      this.finishList(kind, apiVersion, this.list);
      return false;
    }
    this.sink.rollback(this.docMark);
    this.addExact(await this.reread(this.docStart, at, docPos, 'this YAML document has items but is not a List'), docPos);
    return false;
  }

  /** Reads the rest of the file exactly, from the current document's start. */
  private async exactRest(why: string, here?: Problem): Promise<boolean> {
    // The items before this point come first: one of them may have sent the rest of the file to the exact parser already.
    if ((await this.settle()) === 'stop') return true;
    this.sink.rollback(this.docMark);
    const docPos = { file: this.name, line: this.docLine, col: 1 };
    this.addExact(await this.reread(this.docStart, undefined, docPos, why, here), docPos);
    return true;
  }
}



/**
 * Streams one input into the sink. `json` is decided by the caller (kubectl's
 * sniffing: a `.json` name or a first character `{`).
 */
export async function streamInput(input: ByteInput, name: string, json: boolean, sink: ObjectSink, opts: StreamOptions): Promise<void> {
  const streamer = json ? new JsonStreamer(input, name, sink, opts, true) : new YamlStreamer(input, name, sink, opts, false);
  await streamer.run();
}

/** The first bytes of an input, enough to see its first character. */
async function sniff(input: ByteInput): Promise<string> {
  const buf = Buffer.allocUnsafe(4096);
  let text = '';
  for (let pos = 0; pos < 1 << 20; pos += 4096) {
    const n = await input.read(buf, 0, 4096, pos);
    if (n === 0) break;
    text += buf.toString('latin1', 0, n);
    if (/[^\s\u00ef\u00bb\u00bf]/.test(text)) break;
  }
  return text.replace(/^\u00ef\u00bb\u00bf/, '');
}

export interface StreamReadOptions extends ReadOptions {
  /** Bytes read of the source being read, its size if known, and its name. */
  onProgress?: (bytesRead: number, size: number | undefined, name: string) => void;
  chunkBytes?: number;
  /**
   * Whether List items are parsed on a worker thread as well: `auto` for
   * files of PARALLEL_MIN_BYTES or more on a machine with a second core
   * (wantsParseWorker in src/threads.ts: starting the worker costs more than
   * it saves on small inputs).
   */
  parallel?: 'auto' | 'always' | 'never';
  /** Batch sizes for the worker (tests make them small). */
  parallelOptions?: ParallelOptions;
  /** A worker to use (and leave open) instead of starting one: tests share one across runs. */
  pool?: ParsePool;
}

/**
 * Streams every input into the sink. Problems in one file do not hide those
 * in the next: all of them are reported together. Returns the sources' names.
 */
export async function streamInputs(opts: StreamReadOptions, sink: ObjectSink & { readonly count: number }): Promise<string[]> {
  const sources = await resolveSources(opts);
  const problems: Problem[] = [];
  const mode = opts.parallel ?? 'auto';
  let pool: ParsePool | undefined = mode === 'never' ? undefined : opts.pool;
  const shared = new Map<number, PodSummary>();
  try {
    for (const source of sources) {
      let input: ByteInput | undefined;
      try {
        input = await source.open();
        const size = input.size;
        const json = looksLikeJson(await sniff(input), source.name);
        if (!pool && (mode === 'always' || (mode === 'auto' && wantsParseWorker(size)))) {
          pool = new ParsePool();
        }
        await streamInput(input, source.name, json, sink, {
          maxDocumentBytes: maxFileBytes(),
          ...(opts.chunkBytes ? { chunkBytes: opts.chunkBytes } : {}),
          ...(opts.onProgress ? { onProgress: (n: number) => opts.onProgress!(n, size, source.name) } : {}),
          ...(pool ? { pool, shared } : {}),
          ...(opts.parallelOptions ? { parallel: opts.parallelOptions } : {}),
        });
      } catch (err) {
        if (err instanceof InputError) problems.push(...err.problems);
        else throw err;
      } finally {
        await input?.close();
      }
    }
  } finally {
    if (pool !== opts.pool) await pool?.close();
  }
  if (problems.length > 0) throw new InputError(problems);
  const names = sources.map((s) => s.name);
  if (sink.count === 0) throw noObjects(names);
  return names;
}

/**
 * Parsing List items on the machine's other core (issue 8). The streaming
 * reader (src/input/stream.ts) finds where each item of a List starts and
 * ends; the bulk of the work is parsing and summarizing the items, most of
 * them pods. Batches of items go to a worker thread (src/input/parse-worker.ts)
 * while the reader splits the next ones, and the reader parses batches
 * itself when the worker is busy.
 *
 * The worker only speeds up the common case: it reads pods, workloads and
 * objects of kinds psp-migrate ignores, exactly as the reader would (the same
 * functions: outcomeOf below, readCarrier in src/model/objects.ts). For
 * anything else — PSPs, RBAC objects, namespaces and service accounts (read
 * with positions), items a fast parser refuses, bytes that are not UTF-8 —
 * it answers `main`, and the reader takes its usual path, which gives the
 * usual objects and errors. Results are applied in the items' order, so the
 * inventory does not depend on timing.
 */
import { isUtf8 } from 'node:buffer';
import type { Worker } from 'node:worker_threads';
import type { Pos, Problem } from './errors.js';
import { fastYamlItem } from './fast-yaml.js';
import type { RawObject } from './read.js';
import { SourceMap } from './source-map.js';
import { isRecord } from '../model/fields.js';
import { carrierToWire, objectClass, readCarrier } from '../model/objects.js';
import { startWorker, takePrestartedWorker, whenStopped } from '../threads.js';
import type { CarrierWire } from '../model/objects.js';
import type { PodSummary } from '../model/summary.js';

/** An item in a batch: its bytes [start, end) in the batch; where it starts in its file. */
export interface ItemRef {
  start: number;
  end: number;
  /** Line and column of the item's first byte (YAML: of its line, column 1). */
  line: number;
  col: number;
  /** YAML: the indentation of the item's `- ` (which becomes a space); JSON: -1. */
  indent: number;
}


export type Outcome =
  | { t: 'carrier'; carrier: CarrierWire; problems: Problem[]; summary: PodSummary | number }
  | { t: 'ignored'; apiVersion: string; kind: string }
  /** `value`: a YAML item's value, for the reader's own path (it would parse the same text the same way). */
  | { t: 'main'; value?: Record<string, unknown> };

/** A YAML List item's text: the `-` becomes a space, so that the item is a mapping at its own indentation, columns unchanged. */
export function yamlItemText(raw: string, indent: number): string {
  return `${raw.slice(0, indent)} ${raw.slice(indent + 1)}`;
}

/** Where an item's content starts: its first character that is not a space or in a comment. */
export function firstContent(text: string, file: string, line: number): Pos {
  // The usual item has content on its first line (`- apiVersion: v1`): no expression needed.
  let i = 0;
  while (text.charCodeAt(i) === 0x20) i++;
  const c = text.charCodeAt(i);
  if (i < text.length && c !== 0x09 && c !== 0x23 && c !== 0x0a && c !== 0x0d) return { file, line, col: i + 1 };
  const m = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]*)/.exec(text)!;
  const before = m[0].slice(0, m[0].length - m[1]!.length);
  let l = line;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 0x0a) l++;
  return { file, line: l, col: m[1]!.length + 1 };
}

/** Numbers the distinct summaries a worker has sent, so that each crosses once. */
export type SummaryIds = Map<string, number>;

/**
 * What the streaming reader would make of one List item, when that is a pod,
 * a workload or an ignored object; `main` otherwise (see the module comment).
 * With `sent`, every summary is sent as its number, and the ones met for the
 * first time are added to `sent.fresh`.
 */
export function outcomeOf(bytes: Uint8Array, ref: ItemRef, json: boolean, file: string, sent?: { ids: SummaryIds; fresh: [number, PodSummary][] }): Outcome {
  const raw = bytes.subarray(ref.start, ref.end);
  // The reader refuses NUL bytes and invalid UTF-8 with their position: its own path says where.
  if (!isUtf8(raw)) return { t: 'main' };
  const decoded = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  let value: unknown;
  let pos: Pos;
  if (json) {
    pos = { file, line: ref.line, col: ref.col };
    try {
      value = JSON.parse(decoded);
    } catch {
      return { t: 'main' };
    }
  } else {
    const text = yamlItemText(decoded, ref.indent);
    pos = firstContent(text, file, ref.line);
    value = fastYamlItem(text);
  }
  if (!isRecord(value)) return { t: 'main' };
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || kind.endsWith('List')) return { t: 'main' };
  const cls = objectClass(apiVersion, kind);
  // PodSecurityPolicies of any version, RBAC objects, namespaces and service accounts are read by the reader,
  // with a position map (a JSON PSP is parsed again exactly); a YAML item's value saves the reader parsing it again.
  if (kind === 'PodSecurityPolicy' || cls === 'read') return json ? { t: 'main' } : { t: 'main', value };
  if (cls === 'ignored') return { t: 'ignored', apiVersion, kind };
  const obj: RawObject = { apiVersion, kind, value, pos, map: SourceMap.only(pos) };
  const { carrier, problems } = readCarrier(obj);
  const summary: PodSummary = { metadata: carrier.podMetadata, spec: carrier.podSpec };
  if (!sent) return { t: 'carrier', carrier: carrierToWire(carrier), problems, summary };
  const key = JSON.stringify([summary.metadata, summary.spec]);
  let id = sent.ids.get(key);
  if (id === undefined) {
    sent.ids.set(key, (id = sent.ids.size));
    sent.fresh.push([id, summary]);
  }
  return { t: 'carrier', carrier: carrierToWire(carrier), problems, summary: id };
}

export interface BatchRequest {
  seq: number;
  json: boolean;
  file: string;
  bytes: Uint8Array;
  refs: ItemRef[];
}

export interface BatchReply {
  seq: number;
  outcomes: Outcome[];
  /** The summaries sent for the first time in this batch, by number. */
  summaries: [number, PodSummary][];
}

/** The worker's side: answers a batch. */
export function answer(req: BatchRequest, ids: SummaryIds): BatchReply {
  const sent = { ids, fresh: [] as [number, PodSummary][] };
  const outcomes = req.refs.map((ref) => outcomeOf(req.bytes, ref, req.json, req.file, sent));
  return { seq: req.seq, outcomes, summaries: sent.fresh };
}

/** How a reader uses the worker. */
export interface ParallelOptions {
  /** Bytes of items per batch. */
  batchBytes: number;
  /** Batches in the worker at once; more are parsed by the reader itself. */
  inFlight: number;
}

export const DEFAULT_PARALLEL: ParallelOptions = { batchBytes: 256 << 10, inFlight: 4 };

/**
 * The worker thread, from the reader's side. Replies come back in order;
 * `result(seq)` waits for one. If the worker fails, its batches are parsed
 * here instead (the caller keeps the requests), so a run never depends on it.
 */
export class ParsePool {
  private readonly worker: Worker | undefined;
  private readonly waiting = new Map<number, { resolve: (r: BatchReply | undefined) => void }>();
  private readonly replies = new Map<number, BatchReply>();
  private failed = false;
  private nextSeq = 0;
  /** Batches sent and not yet answered. */
  busy = 0;
  /** The summaries the worker has sent, by number. */
  readonly summaries = new Map<number, PodSummary>();

  constructor() {
    let worker: Worker | undefined;
    try {
      worker = takePrestartedWorker() ?? startWorker('parse-worker', import.meta.url);
    } catch {
      this.failed = true; // (the reader parses everything itself)
    }
    this.worker = worker;
    worker?.on('message', (reply: BatchReply) => this.received(reply));
    if (worker) void whenStopped(worker).then(() => this.fail());
  }

  private readonly discarded = new Set<number>();
  /** Batches answered by workers in this process (tests check that the worker really ran). */
  static answered = 0;

  private received(reply: BatchReply): void {
    // Summaries are numbered in the order the worker met them: kept even from a discarded batch.
    for (const [id, s] of reply.summaries) this.summaries.set(id, s);
    this.busy--;
    ParsePool.answered++;
    if (this.discarded.delete(reply.seq)) return;
    const w = this.waiting.get(reply.seq);
    if (w) {
      this.waiting.delete(reply.seq);
      w.resolve(reply);
    } else this.replies.set(reply.seq, reply);
  }

  private fail(): void {
    if (this.failed) return;
    this.failed = true;
    for (const w of this.waiting.values()) w.resolve(undefined);
    this.waiting.clear();
  }

  get usable(): boolean {
    return !this.failed;
  }

  /** Sends a batch; its number. */
  send(req: Omit<BatchRequest, 'seq'>): number {
    const seq = this.nextSeq++;
    this.busy++;
    // The batch's bytes are its own copy: handed over, not copied again.
    if (this.failed) return seq; // (result() answers undefined: the caller parses the batch)
    this.worker!.postMessage({ ...req, seq }, [req.bytes.buffer as ArrayBuffer]);
    return seq;
  }

  /** The reply to a batch, if it has come. */
  ready(seq: number): BatchReply | undefined {
    const r = this.replies.get(seq);
    if (r) this.replies.delete(seq);
    return r;
  }

  /** A batch whose reply is no longer wanted. */
  discard(seq: number): void {
    if (!this.replies.delete(seq)) this.discarded.add(seq);
  }

  /** Waits for the reply to a batch; undefined when the worker failed (parse it here). */
  result(seq: number): Promise<BatchReply | undefined> {
    const r = this.ready(seq);
    if (r) return Promise.resolve(r);
    if (this.failed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.set(seq, { resolve }));
  }

  /** Stops the worker; batches still waited for are left to the caller. */
  async close(): Promise<void> {
    this.fail();
    await this.worker?.terminate();
  }
}

/**
 * The input reader (SPEC §3): `-f` files, directories read recursively for
 * `.yaml`, `.yml` and `.json`, `-` for stdin; multi-document YAML, JSON
 * streams, `kind: List` and every `*List`. It yields Kubernetes objects with
 * their source positions; deciding what each kind means is src/model's job.
 *
 * File I/O happens here and nowhere else on the input side.
 */
import { isUtf8 } from 'node:buffer';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from './errors.js';
import type { Pos, Problem } from './errors.js';
import { parseJsonStream } from './json.js';
import type { SourceMap } from './source-map.js';
import { parseYamlStream } from './yaml.js';
import { isRecord } from '../model/fields.js';
import type { ParsedDocument } from './yaml.js';

/** One Kubernetes object as found in the input. */
export interface RawObject {
  apiVersion: string;
  kind: string;
  value: Record<string, unknown>;
  /** Where the object starts. */
  pos: Pos;
  /** Positions of the object's fields, relative to the object. */
  map: SourceMap;
}

export interface InputSource {
  /** The name shown in messages and reports: relative to the working directory where possible. */
  name: string;
  /** The whole input (for the exact path, src/input/read.ts's readInputs). */
  read(): Promise<Buffer>;
  /** The input to read by position (for the streaming path, src/input/stream.ts). */
  open(): Promise<ByteInput>;
}

/** Bytes of one input, read by position. */
export interface ByteInput {
  /** The size, when known. */
  size: number | undefined;
  read(into: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

async function fileInput(file: string): Promise<ByteInput> {
  const handle: FileHandle = await fs.open(file, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (into, offset, length, position) => (await handle.read(into, offset, length, position)).bytesRead,
    close: () => handle.close(),
  };
}

export function bufferInput(bytes: Buffer): ByteInput {
  return {
    size: bytes.length,
    read: async (into, offset, length, position) => (position >= bytes.length ? 0 : bytes.copy(into, offset, position, Math.min(bytes.length, position + length))),
    close: async () => {},
  };
}

export interface ReadOptions {
  /** `-f` values, in order. `-` is standard input. */
  filenames: readonly string[];
  cwd: string;
  readStdin: () => Promise<Buffer>;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * The most held in memory at once, in MiB: the largest document or List item
 * (files are streamed), and the largest standard input (which is read whole).
 * PSP_MIGRATE_MAX_FILE_MB raises it.
 */
export function maxFileBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PSP_MIGRATE_MAX_FILE_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 256) * 1024 * 1024;
}

function tooLarge(name: string, bytes: number): InputError {
  const limit = maxFileBytes();
  return new InputError({
    message: `${name} is larger than ${Math.round(limit / 1048576)} MiB${bytes > 0 ? ` (${(bytes / 1048576).toFixed(1)} MiB)` : ''}, the most psp-migrate reads from one input`,
    hint: 'split the dump (for example one kubectl get per resource kind), or raise the limit with PSP_MIGRATE_MAX_FILE_MB if this machine has the memory',
  });
}

/**
 * How a path is shown: relative to the working directory when it is inside
 * it, otherwise as the user typed it (`-f ../dump` shows `../dump/a.yaml`),
 * with forward slashes. Never an absolute path the user did not type.
 */
export function displayPath(cwd: string, typed: string, file: string = typed): string {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  const shown = inside ? rel : path.join(typed, path.relative(path.resolve(cwd, typed), abs));
  return shown.split(path.sep).join('/');
}

async function listManifests(dir: string, seen: Set<string>): Promise<string[]> {
  const real = await fs.realpath(dir);
  if (seen.has(real)) return []; // a symlink loop
  seen.add(real);
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let stat;
    try {
      stat = await fs.stat(full);
    } catch {
      continue; // a dangling symlink is not a manifest
    }
    if (stat.isDirectory()) out.push(...(await listManifests(full, seen)));
    else if (stat.isFile() && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}

async function readLimited(file: string, name: string): Promise<Buffer> {
  const { size } = await fs.stat(file);
  if (size > maxFileBytes()) throw tooLarge(name, size);
  return fs.readFile(file);
}

/** Resolves `-f` values to the sources to read, in a stable order. */
export async function resolveSources(opts: ReadOptions): Promise<InputSource[]> {
  const problems: Problem[] = [];
  const sources: InputSource[] = [];
  let stdinUsed = false;
  for (const name of opts.filenames) {
    if (name === '-') {
      if (!stdinUsed) {
        const read = async () => {
          const bytes = await opts.readStdin();
          if (bytes.length > maxFileBytes()) throw tooLarge('<stdin>', bytes.length);
          return bytes;
        };
        sources.push({ name: '<stdin>', read, open: async () => bufferInput(await read()) });
      }
      stdinUsed = true;
      continue;
    }
    const abs = path.resolve(opts.cwd, name);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      problems.push({ message: `${name}: no such file or directory`, hint: 'check the path given with -f' });
      continue;
    }
    if (stat.isDirectory()) {
      const files = await listManifests(abs, new Set());
      if (files.length === 0) {
        problems.push({ message: `${name}: the directory has no .yaml, .yml or .json files`, hint: 'point -f at the directory that holds the cluster dump or manifests' });
      }
      for (const file of files) {
        const shown = displayPath(opts.cwd, name, file);
        sources.push({ name: shown, read: () => readLimited(file, shown), open: () => fileInput(file) });
      }
    } else {
      const shown = displayPath(opts.cwd, name);
      sources.push({ name: shown, read: () => readLimited(abs, shown), open: () => fileInput(abs) });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return sources;
}

/** Whether the bytes start with a UTF-8 byte order mark (positions count from after it, in every reader). */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Decodes a file as UTF-8 text, refusing binary data. */
export function decodeText(bytes: Buffer, name: string): string {
  const body = startsWithBom(bytes) ? bytes.subarray(3) : bytes;
  checkText(body, { file: name, line: 1, col: 1 });
  return body.toString('utf8');
}

export const BINARY_HINT = 'give psp-migrate the output of `kubectl get … -o yaml` or `-o json`, or manifests in UTF-8';

/**
 * Refuses a NUL byte or invalid UTF-8 in `bytes`, with the position of the
 * first bad byte; `at` is where `bytes` starts in its file.
 */
export function checkText(bytes: Buffer, at: Pos): void {
  const nul = bytes.indexOf(0);
  if (nul < 0 && isUtf8(bytes)) return;
  const offset = nul >= 0 ? nul : firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, offset);
  let line = at.line;
  for (const b of before) if (b === 0x0a) line++;
  const lastNl = before.lastIndexOf(0x0a);
  // Columns count UTF-16 code units, as everywhere (what precedes the bad byte on its line decodes).
  const units = before.subarray(lastNl + 1).toString('utf8').length;
  const col = lastNl < 0 ? at.col + units : units + 1;
  throw new InputError({
    pos: { file: at.file, line, col },
    message: nul >= 0 ? 'binary data (a NUL byte), not a YAML or JSON manifest' : 'binary data (invalid UTF-8), not a YAML or JSON manifest',
    hint: BINARY_HINT,
  });
}

/**
 * The offset of the first byte of the first invalid UTF-8 sequence (the
 * length when there is none), by the sequences the WHATWG decoder (and
 * isUtf8) accept: no overlong forms, no surrogates, nothing past U+10FFFF.
 * (A search by decoding prefixes would stop at a valid character that the
 * prefix cut in two.)
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The sequence's length and the range of its second byte; the others are 80-BF.
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) [more, lo, hi] = [2, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
    else if (b >= 0xf0 && b <= 0xf4) [more, lo, hi] = [3, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k <= more; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += more + 1;
  }
  return bytes.length;
}

/** kubectl's YAML-or-JSON decoder sniffs the first non-space character; so do we, and trust a `.json` name. */
export function looksLikeJson(text: string, name: string): boolean {
  if (name.toLowerCase().endsWith('.json')) return true;
  // `{{` is a template action (an unrendered Helm chart), not JSON: the YAML reader says so.
  const m = /\S/.exec(text);
  return m !== null && m[0] === '{' && text[m.index + 1] !== '{';
}

export function notAnObject(pos: Pos, what: string): Problem {
  return {
    pos,
    message: `${what} is not a Kubernetes object (it needs string fields apiVersion and kind)`,
    hint: 'remove it, or give only Kubernetes manifests and `kubectl get -o yaml|json` output',
  };
}

/** The Kubernetes objects of one parsed document: itself, or the items of a List. */
export function objectsOf(doc: ParsedDocument): RawObject[] {
  const { value, map, pos } = doc;
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new InputError(notAnObject(pos, 'this document'));
  }
  const { apiVersion, kind } = value;
  const isList = kind.endsWith('List') && Array.isArray(value.items);
  if (!isList) return [{ apiVersion, kind, value, pos, map }];

  // In a typed list (PodList) the API server may leave out the items' kind.
  const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
  const problems: Problem[] = [];
  const out: RawObject[] = [];
  (value.items as unknown[]).forEach((item, i) => {
    const itemPos = map.at(['items', i]);
    if (!isRecord(item)) {
      problems.push(notAnObject(itemPos, `item ${i} of the ${kind}`));
      return;
    }
    const av = typeof item.apiVersion === 'string' ? item.apiVersion : itemKind ? apiVersion : undefined;
    const k = typeof item.kind === 'string' ? item.kind : itemKind;
    if (av === undefined || k === undefined) {
      problems.push(notAnObject(itemPos, `item ${i} of the ${kind}`));
      return;
    }
    const itemMap = doc.itemMaps?.[i] ?? map.sub(['items', i]);
    // Lists nest only in hand-made input; unwrap them all the same.
    out.push(...objectsOf({ value: { ...item, apiVersion: av, kind: k }, pos: itemPos, map: itemMap }));
  });
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

/** Parses one source's text into Kubernetes objects. */
export function parseSource(text: string, name: string): RawObject[] {
  const docs = looksLikeJson(text, name) ? parseJsonStream(text, name) : parseYamlStream(text, name);
  const out: RawObject[] = [];
  for (const doc of docs) out.push(...objectsOf(doc));
  return out;
}

export interface ReadResult {
  objects: RawObject[];
  /** Every source read, in order. */
  sources: string[];
}

/**
 * Reads every input. Problems in one file do not hide those in the next: all
 * of them are reported together, and nothing is returned if there is any.
 */
export async function readInputs(opts: ReadOptions): Promise<ReadResult> {
  const sources = await resolveSources(opts);
  const problems: Problem[] = [];
  const objects: RawObject[] = [];
  for (const source of sources) {
    try {
      const text = decodeText(await source.read(), source.name);
      objects.push(...parseSource(text, source.name));
    } catch (err) {
      if (err instanceof InputError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  if (objects.length === 0) throw noObjects(sources.map((s) => s.name));
  return { objects, sources: sources.map((s) => s.name) };
}

export function noObjects(sources: readonly string[]): InputError {
  const what = sources.length === 1 ? sources[0]! : `${sources.length} files`;
  return new InputError({
    message: `no Kubernetes objects in the input (${what})`,
    hint: 'give the output of `kubectl get psp,clusterrole,clusterrolebinding,role,rolebinding,ns,sa,pods -A -o yaml`, or a directory of manifests',
  });
}

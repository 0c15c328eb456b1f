/**
 * A JSON reader that keeps source positions and reads a stream of
 * concatenated JSON values, as kubectl's YAML-or-JSON decoder accepts.
 *
 * `JSON.parse` keeps no positions and silently takes the last of duplicate
 * keys; the API server's strict decoding rejects duplicates, and so do we.
 */
import { InputError } from './errors.js';
import type { Pos } from './errors.js';
import { SourceMapBuilder, childKey } from './source-map.js';
import type { SourceMap } from './source-map.js';
import { POSITIONLESS_KINDS } from './source-map.js';
import type { ParsedDocument } from './yaml.js';

/** Deeper than any Kubernetes object; refusing deeper input keeps the stack bounded. */
export const MAX_JSON_DEPTH = 1000;

class JsonReader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private map = new SourceMapBuilder();
  private itemMaps: SourceMap[] | undefined;
  /** Off for the rest of an object whose kind is in POSITIONLESS_KINDS once its `kind` is read (kubectl writes it second). */
  private recording = true;

  constructor(
    private readonly text: string,
    private readonly file: string,
    start: { line: number; col: number },
    /** The depth of the text's values in their document (2 for a List item read alone). */
    private readonly above = 0,
  ) {
    this.line = start.line;
    this.lineStart = 1 - start.col;
  }

  pos(offset = this.i): Pos {
    // Offsets we ask about are on the current line or earlier lines already counted.
    return { file: this.file, line: this.line, col: offset - this.lineStart + 1 };
  }

  fail(message: string, hint = 'fix the JSON syntax at this position'): never {
    throw new InputError({ pos: this.pos(), message, hint });
  }

  skipSpace(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 0x0a) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.i++;
      } else {
        return;
      }
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.i >= this.text.length;
  }

  document(): ParsedDocument {
    this.map = new SourceMapBuilder();
    this.itemMaps = undefined;
    this.recording = true;
    this.skipSpace();
    const pos = this.pos();
    const value = this.value('', this.above);
    return { value, pos, map: this.map.build(this.file), ...(this.itemMaps ? { itemMaps: this.itemMaps } : {}) };
  }

  private describe(): string {
    if (this.i >= this.text.length) return 'end of input';
    return JSON.stringify(this.text[this.i]);
  }

  private value(path: string, depth: number): unknown {
    if (depth > MAX_JSON_DEPTH) this.fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, 'no Kubernetes object nests this deep; check the file');
    this.skipSpace();
    const c = this.text[this.i];
    switch (c) {
      case '{':
        return this.object(path, depth);
      case '[':
        return this.array(path, depth);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(`malformed JSON: unexpected ${this.describe()}`);
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.i)) this.fail(`malformed JSON: unexpected ${this.describe()}`);
    this.i += word.length;
    return value;
  }

  private number(): number {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const hit = m.exec(this.text);
    if (!hit) this.fail(`malformed JSON: bad number`);
    this.i += hit[0].length;
    return Number(hit[0]);
  }

  private string(): string {
    const start = this.i;
    const t = this.text;
    let j = start + 1;
    let simple = true;
    for (;;) {
      const c = t.charCodeAt(j);
      if (Number.isNaN(c) || c === 0x0a) {
        this.i = start;
        this.fail('malformed JSON: unterminated string');
      }
      if (c === 0x22) break;
      if (c === 0x5c) {
        simple = false;
        j += 2;
        continue;
      }
      if (c < 0x20) {
        this.i = j;
        this.fail('malformed JSON: control character in a string');
      }
      j++;
    }
    this.i = j + 1;
    if (simple) return t.slice(start + 1, j);
    try {
      return JSON.parse(t.slice(start, j + 1)) as string;
    } catch {
      this.i = start;
      return this.fail('malformed JSON: bad escape in a string');
    }
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.text[this.i] !== ch) this.fail(`malformed JSON: expected ${JSON.stringify(ch)}, found ${this.describe()}`);
    this.i++;
  }

  private object(path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++; // {
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.fail(`malformed JSON: expected a key in double quotes, found ${this.describe()}`);
      const keyLine = this.line;
      const keyCol = this.i - this.lineStart + 1;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        throw new InputError({
          pos: { file: this.file, line: keyLine, col: keyCol },
          message: `duplicate key ${JSON.stringify(key)} in an object`,
          hint: 'Kubernetes would keep only one of the values: remove the other',
        });
      }
      const child = childKey(path, key);
      if (this.recording) this.map.setKey(child, keyLine, keyCol);
      this.expect(':');
      this.skipSpace();
      // The items of a top-level List get tables of their own.
      const value = depth === 0 && key === 'items' && this.text[this.i] === '[' ? this.items(child, depth + 1) : this.value(child, depth + 1);
      // A key such as `__proto__` is data here, not a prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      if (path === '' && key === 'kind' && typeof value === 'string' && POSITIONLESS_KINDS.has(value)) this.recording = false;
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return out;
      }
      this.fail(`malformed JSON: expected "," or "}", found ${this.describe()}`);
    }
  }

  /** A List's items: like array(), each item with its own position table (rooted at key ''). */
  private items(path: string, depth: number): unknown[] {
    const outer = this.map;
    const maps: SourceMap[] = [];
    this.itemMaps = maps;
    return this.sequence((index) => {
      const line = this.line;
      const col = this.i - this.lineStart + 1;
      outer.setKey(childKey(path, index), line, col);
      this.map = new SourceMapBuilder();
      this.map.setKey('', line, col);
      this.recording = true;
      try {
        return this.value('', depth + 1);
      } finally {
        maps.push(this.map.build(this.file));
        this.map = outer;
        this.recording = true;
      }
    });
  }

  private array(path: string, depth: number): unknown[] {
    return this.sequence((index) => {
      const child = childKey(path, index);
      if (this.recording) this.map.setKey(child, this.line, this.i - this.lineStart + 1);
      return this.value(child, depth + 1);
    });
  }

  /** `[ element, … ]`, reading each element with `element(index)`. */
  private sequence(element: (index: number) => unknown): unknown[] {
    const out: unknown[] = [];
    this.i++; // [
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(element(out.length));
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.fail(`malformed JSON: expected "," or "]", found ${this.describe()}`);
    }
  }

}

/**
 * Every JSON value in the text, in order, each with its positions. `start` is
 * where the text begins in its file, when it is a part of it.
 */
export function* parseJsonStream(text: string, file: string, start = { line: 1, col: 1 }, above = 0): Generator<ParsedDocument> {
  const reader = new JsonReader(text, file, start, above);
  while (!reader.atEnd()) yield reader.document();
}

import type { Pos } from './errors.js';

/** A path into a parsed document: map keys and sequence indexes. */
export type Path = readonly (string | number)[];

/**
 * Kinds whose field positions are not recorded (findings about pods and
 * workloads point at the object, and a cluster has a hundred thousand).
 */
export const POSITIONLESS_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController', 'PodTemplate']);

const SEP = '\u0000';

function keyOf(path: Path): string {
  return path.join(SEP);
}

/**
 * Where each map entry and sequence item of one parsed document starts.
 * Map entries are recorded at their key (the line a reviewer looks for:
 * `hostPID: true`), sequence items at the item.
 *
 * A SourceMap can be narrowed to a sub-tree (`sub`), which is how the items of
 * a `List` get their own maps without copying the table.
 */
export class SourceMap {
  private loaded: ReadonlyMap<string, readonly [number, number]> | undefined;

  /** `table` may be a function that builds it on first use (see `lazy`). */
  constructor(
    readonly file: string,
    table: ReadonlyMap<string, readonly [number, number]> | (() => ReadonlyMap<string, readonly [number, number]>),
    private readonly prefix: Path = [],
  ) {
    if (typeof table === 'function') this.load = table;
    else this.loaded = table;
  }

  /** Dropped once used: what it holds (an object's text) must not live as long as the map. */
  private load: (() => ReadonlyMap<string, readonly [number, number]>) | undefined;

  private get table(): ReadonlyMap<string, readonly [number, number]> {
    if (this.loaded === undefined) {
      this.loaded = this.load!();
      this.load = undefined;
    }
    return this.loaded;
  }

  /**
   * A map whose positions are found only when first asked for: the streaming
   * reader parses such an object's text again, exactly, only if a finding or
   * a problem points inside it (most RBAC objects, namespaces and service
   * accounts of a large dump are never asked about).
   */
  static lazy(file: string, build: () => SourceMap): SourceMap {
    return new SourceMap(file, () => build().table);
  }

  /** The position of exactly this path, if the document has it. */
  exact(path: Path): Pos | undefined {
    const hit = this.table.get(keyOf([...this.prefix, ...path]));
    return hit ? { file: this.file, line: hit[0], col: hit[1] } : undefined;
  }

  /** Whether the document spells out this path (as opposed to it being defaulted). */
  has(path: Path): boolean {
    return this.table.has(keyOf([...this.prefix, ...path]));
  }

  /**
   * The position of the path, or of its nearest ancestor that the document
   * has, or of the document itself: a finding about a defaulted field points
   * at the object that omitted it.
   */
  at(path: Path): Pos {
    for (let n = path.length; n >= 0; n--) {
      const pos = this.exact(path.slice(0, n));
      if (pos) return pos;
    }
    return { file: this.file, line: 1, col: 1 };
  }

  sub(path: Path): SourceMap {
    return new SourceMap(this.file, this.table, [...this.prefix, ...path]);
  }

  /** The same map, answering `pos` for the root (an item parsed alone starts where its List has it). */
  withRoot(pos: Pos): SourceMap {
    const key = keyOf(this.prefix);
    return new SourceMap(this.file, new Map([...this.table, [key, [pos.line, pos.col] as const]]), this.prefix);
  }

  /** A map that knows only where the object starts: for objects whose fields no finding points at (a cluster has a hundred thousand pods: no table each). */
  static only(pos: Pos): SourceMap {
    return new PointMap(pos);
  }
}

/** SourceMap.only: every path is answered with the object's start. */
class PointMap extends SourceMap {
  constructor(private readonly pos: Pos) {
    super(pos.file, NO_POSITIONS);
  }

  override exact(path: Path): Pos | undefined {
    return path.length === 0 ? this.pos : undefined;
  }

  override has(path: Path): boolean {
    return path.length === 0;
  }

  override at(): Pos {
    return this.pos;
  }

  override sub(): SourceMap {
    return this;
  }
}

const NO_POSITIONS: ReadonlyMap<string, readonly [number, number]> = new Map();

/** The key of a child of the path whose key is `parent` (parsers build keys this way, without path arrays). */
export function childKey(parent: string, part: string | number): string {
  return parent === '' ? String(part) : `${parent}${SEP}${part}`;
}

/** Builds the table of a SourceMap while a parser walks a document. */
export class SourceMapBuilder {
  private readonly table = new Map<string, readonly [number, number]>();

  set(path: Path, line: number, col: number): void {
    this.table.set(keyOf(path), [line, col]);
  }

  /** As set, with a key made by childKey. */
  setKey(key: string, line: number, col: number): void {
    this.table.set(key, [line, col]);
  }

  build(file: string): SourceMap {
    return new SourceMap(file, this.table);
  }
}

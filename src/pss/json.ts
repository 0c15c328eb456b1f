/**
 * Defensive readers for parsed JSON/YAML values.
 *
 * The evaluator takes whatever the YAML/JSON parser produced. A value of the wrong type is read as
 * "not set" (the API server would have refused to decode such an object, so no admission outcome
 * exists for it); nothing here throws.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Own property of an object (never one inherited from a prototype). */
export function field(obj: JsonObject | undefined, key: string): unknown {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** `obj[key]` read as an object. */
export function objectField(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  return asObject(field(obj, key));
}

/** The string entries of a list (other entries are skipped). */
export function stringList(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

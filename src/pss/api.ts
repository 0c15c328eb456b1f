/**
 * Levels and versions of the Pod Security Standards.
 * Follows upstream `api/constants.go` and `api/helpers.go` (ParseLevel, ParseVersion, CompareLevels).
 */

export type Level = 'privileged' | 'baseline' | 'restricted';

/** `latest` or `v1.<minor>`, spelled exactly as in a namespace label (`v1.0`, `v1.25`, never `v1.05`). */
export type Version = 'latest' | `v1.${number}`;

export interface LevelVersion {
  readonly level: Level;
  readonly version: Version;
}

/**
 * Outcome of parsing a label value. On error, `fallback` is the value upstream continues with:
 * `restricted` for a level, `latest` for a version.
 */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly fallback: T };

export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

export const LEVEL_ERROR = 'must be one of privileged, baseline, restricted';
export const VERSION_ERROR = 'must be "latest" or "v1.x"';

export function isLevel(value: unknown): value is Level {
  return value === 'privileged' || value === 'baseline' || value === 'restricted';
}

/** Exact, case-sensitive. An invalid level falls back to `restricted` (fail closed). */
export function parseLevel(value: string): ParseResult<Level> {
  return isLevel(value)
    ? { ok: true, value }
    : { ok: false, error: LEVEL_ERROR, fallback: 'restricted' };
}

const VERSION_PATTERN = /^v1\.(0|[1-9][0-9]*)$/;
/** Largest minor that Go's `strconv.Atoi` accepts (int64). */
const MAX_MINOR_DIGITS = '9223372036854775807';

/** `latest` or `v1.<n>`; anything else (`1.25`, `v1.05`, `v2.0`, `V1.2`, ` v1.2`) is invalid and falls back to `latest`. */
export function parseVersion(value: string): ParseResult<Version> {
  if (value === 'latest') return { ok: true, value };
  const digits = VERSION_PATTERN.exec(value)?.[1];
  if (digits === undefined || exceedsInt64(digits)) {
    return { ok: false, error: VERSION_ERROR, fallback: 'latest' };
  }
  return { ok: true, value: value as Version };
}

function exceedsInt64(digits: string): boolean {
  return (
    digits.length > MAX_MINOR_DIGITS.length ||
    (digits.length === MAX_MINOR_DIGITS.length && digits > MAX_MINOR_DIGITS)
  );
}

/**
 * The minor number of a version, `Infinity` for `latest`. Callers clamp it to the newest policy version.
 * Expects a value accepted by `parseVersion`; anything else is read as `latest`, as upstream does.
 */
export function versionMinor(version: string): number {
  const result = parseVersion(version);
  const parsed = result.ok ? result.value : result.fallback;
  return parsed === 'latest' ? Infinity : Number(parsed.slice('v1.'.length));
}

/** Negative when `a` is less strict than `b`, 0 when equal, positive when stricter. */
export function compareLevels(a: Level, b: Level): number {
  return LEVELS.indexOf(a) - LEVELS.indexOf(b);
}

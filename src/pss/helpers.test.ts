// Go formatting helpers: %q quoting and byte-wise ordering (Go strconv.Quote and sort.Strings semantics).
import { describe, expect, it } from 'vitest';
import { compareBytewise, goQuote, joinQuote, sortedUnique } from './helpers.js';

describe('goQuote', () => {
  it('escapes quotes, backslashes and control characters like strconv.Quote', () => {
    expect(goQuote('unconfined')).toBe('"unconfined"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\n\t\r\x07\b\f\v')).toBe('"\\n\\t\\r\\a\\b\\f\\v"');
    expect(goQuote('\x00\x1b\x7f')).toBe('"\\x00\\x1b\\x7f"');
  });

  it('keeps printable Unicode and escapes the rest', () => {
    expect(goQuote('é日本😀 ')).toBe('"é日本😀 "');
    expect(goQuote('\u00a0\u200b\ue000')).toBe('"\\u00a0\\u200b\\ue000"');
    expect(goQuote('\u{f0000}')).toBe('"\\U000f0000"');
  });
});

describe('ordering and joining', () => {
  it('sorts by code point, like Go on UTF-8 bytes', () => {
    expect(['b', 'B', 'a', '\u{1f600}', '\uffee', 'B'].sort(compareBytewise)).toEqual(['B', 'B', 'a', 'b', '\uffee', '\u{1f600}']);
    expect(sortedUnique(['100', '20', '3', '20'])).toEqual(['100', '20', '3']);
  });

  it('joinQuote quotes without escaping', () => {
    expect(joinQuote([])).toBe('');
    expect(joinQuote(['a="b"', 'c'])).toBe('"a="b"", "c"');
  });
});

import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../server/src/http/byte-range.js';

describe('parseByteRange', () => {
  it('answers a closed range with that inclusive slice', () => {
    // Given a 1000-byte file / When bytes=0-99 is asked / Then the first 100 bytes are sent
    expect(parseByteRange('bytes=0-99', 1000)).toStrictEqual({ kind: 'partial', start: 0, end: 99 });
  });

  it('answers an open range up to the last byte', () => {
    // Given a 1000-byte file / When bytes=900- is asked / Then bytes 900..999 are sent
    expect(parseByteRange('bytes=900-', 1000)).toStrictEqual({ kind: 'partial', start: 900, end: 999 });
  });

  it('answers a suffix range with the last N bytes, clamped to the file', () => {
    // Given a 1000-byte file / When the last 100 (or 5000) bytes are asked / Then the tail is sent
    expect(parseByteRange('bytes=-100', 1000)).toStrictEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toStrictEqual({ kind: 'partial', start: 0, end: 999 });
  });

  it('clamps an end past the file to the last byte', () => {
    // Given a 1000-byte file / When bytes=500-5000 is asked / Then 500..999 is sent (Safari asks like this)
    expect(parseByteRange('bytes=500-5000', 1000)).toStrictEqual({ kind: 'partial', start: 500, end: 999 });
  });

  it('marks a start at or past the end as unsatisfiable', () => {
    // Given a 1000-byte file / When the range starts at byte 1000 / Then it is a 416
    expect(parseByteRange('bytes=1000-', 1000)).toStrictEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 1000)).toStrictEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-', 0)).toStrictEqual({ kind: 'unsatisfiable' });
  });

  it('ignores missing, malformed, reversed and multi-range headers (the whole file is sent)', () => {
    // Given headers a server may ignore / When parsed / Then the answer is the full file
    for (const header of [undefined, 'bytes=', 'bytes=-', 'items=0-5', 'bytes=5-1', 'bytes=0-1,5-9', 'bytes=a-b']) {
      expect(parseByteRange(header, 1000)).toStrictEqual({ kind: 'full' });
    }
  });
});

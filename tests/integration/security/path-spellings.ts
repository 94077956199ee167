import fc from 'fast-check';

/** One way a client may spell a path differently from the route: each keeps it a valid request target. */
export type Respelling = (path: string) => string;

/** Upper- or lower-cases the letter at `at` (nothing when there is no letter there). */
function flipCase(at: number): Respelling {
  return (path) => {
    const i = at % path.length;
    const c = path.charAt(i);
    const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
    return path.slice(0, i) + flipped + path.slice(i + 1);
  };
}

/** Percent-encodes the character at `at` (never the leading slash), in upper- or lower-case hex (`/a` -> `/%61`, `/a/` -> `/a%2F`). */
function percentEncode(at: number, lowerHex: boolean): Respelling {
  return (path) => {
    const i = 1 + (at % Math.max(1, path.length - 1));
    const hex = [...Buffer.from(path.charAt(i), 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    return path.slice(0, i) + (lowerHex ? hex : hex.toUpperCase()) + path.slice(i + 1);
  };
}

/** Puts a segment that dot-segment removal would take out (`/x/..`, `/.`, encoded dots) in front of a slash. */
function dotSegment(at: number, segment: string): Respelling {
  return (path) => {
    const slashes = [...path].flatMap((c, i) => (c === '/' ? [i] : []));
    const i = slashes[at % slashes.length] ?? 0;
    return path.slice(0, i) + segment + path.slice(i);
  };
}

/** Doubles the slash at `at`. */
function doubleSlash(at: number): Respelling {
  return (path) => {
    const slashes = [...path].flatMap((c, i) => (c === '/' ? [i] : []));
    const i = slashes[at % slashes.length] ?? 0;
    return `${path.slice(0, i)}/${path.slice(i)}`;
  };
}

const DOT_SEGMENTS = ['/.', '/x/..', '/%2e', '/x/%2e%2e', '/X/%2E%2E', '/.%2e/x/..', '/x/./..'];

/** One respelling: case, percent-encoding, dot segments, repeated slashes, a trailing slash. */
export const respelling: fc.Arbitrary<Respelling> = fc.oneof(
  fc.nat().map(flipCase),
  fc.tuple(fc.nat(), fc.boolean()).map(([at, lower]) => percentEncode(at, lower)),
  fc.tuple(fc.nat(), fc.constantFrom(...DOT_SEGMENTS)).map(([at, segment]) => dotSegment(at, segment)),
  fc.nat().map(doubleSlash),
  fc.constant<Respelling>((path) => `${path}/`),
);

/** A path spelled through up to `max` respellings (possibly none: the route's own spelling). */
export function spellingOf(path: string, max = 4): fc.Arbitrary<string> {
  return fc.array(respelling, { maxLength: max }).map((steps) => steps.reduce((p, step) => step(p), path));
}

/** A query string of URL-safe characters, `?` and `%` included (bad escapes too), or none. */
export const queryString: fc.Arbitrary<string> = fc
  .option(fc.string({ unit: fc.constantFrom(..."abcAB019=&;%+-._~!$'()*,:@/?".split('')), maxLength: 24 }), { nil: '' })
  .map((q) => (q === '' ? '' : `?${q}`));

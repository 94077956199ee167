/**
 * Turns what a user typed into a safe FTS5 query: every word must appear (prefix match), and no
 * FTS5 operator or quote in the input can change the query's meaning.
 */
export function ftsQuery(text: string): string {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : '""';
}

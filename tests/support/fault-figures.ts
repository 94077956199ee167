/**
 * The fault suite's figures: one line each on stdout (`[fault] name: value unit (notes)`), which
 * BENCH.md's reliability table summarises. Printed, never asserted on time.
 */
export function reportFault(name: string, figures: Record<string, number | string>, notes = ''): void {
  const values = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  // console.log: vitest keeps it with the test's report (a worker's raw stdout can be cut off when it exits).
  console.log(`[fault] ${name}: ${values}${notes ? ` (${notes})` : ''}`);
}

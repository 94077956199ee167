/**
 * The fault suite's figures: one line each on stdout (`[fault] name: value unit (notes)`), which
 * BENCH.md's reliability table summarises. Printed, never asserted on time.
 */
export function reportFault(name: string, figures: Record<string, number | string>, notes = ''): void {
  const values = Object.entries(figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  process.stdout.write(`[fault] ${name}: ${values}${notes ? ` (${notes})` : ''}\n`);
}

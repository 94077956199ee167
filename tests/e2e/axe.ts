import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from './browser.js';

interface AxeViolation {
  readonly id: string;
  readonly impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

let axeSource: string | null = null;

/** axe-core's browser bundle from node_modules: injected into the page, so the check needs no network. */
function loadAxeSource(): string {
  if (axeSource) return axeSource;
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch (error) {
    throw new Error('axe-core is missing: npm install (it is a devDependency of the root package)', { cause: error });
  }
  axeSource = readFileSync(path, 'utf8');
  return axeSource;
}

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, one line per element
 * ("rule (impact): help at selector"). Every violation, minor ones included, is kept in test-results/e2e/axe-<name>.json.
 */
export async function seriousViolations(page: Page, name: string): Promise<string[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ content: loadAxeSource() });
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  writeFileSync(join(ARTIFACTS, `axe-${name}.json`), `${JSON.stringify(violations, null, 2)}\n`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${node.target.join(' ')}`));
}

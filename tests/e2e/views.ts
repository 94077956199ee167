import type { Page } from 'playwright-core';
import { seriousViolations } from './axe.js';
import { screenshot } from './browser.js';

export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;
/** The narrowest phone the dashboard must fit without scrolling sideways. */
export const NARROWEST = { width: 360, height: 740 };

// Page-side expressions are strings: the tests project has no DOM types.
const IMAGES_LOADED = '[...document.images].every((img) => img.complete)';
const FITS_WIDTH = 'document.documentElement.scrollWidth <= window.innerWidth';

/**
 * Shows the open page at desktop and phone size, light and dark: a screenshot of each into test-results/e2e
 * (`<name>-<size>-<scheme>.png`) and axe-core's serious or critical findings, keyed by view ("clip phone dark").
 * `fullPage` false shoots only the window: a page 2 000 events long (a virtualised grid is still that tall) takes
 * Chromium close to a minute to shoot whole on a busy machine; axe still checks every element in the page.
 */
export async function checkViews(
  page: Page,
  name: string,
  { fullPage = true }: { readonly fullPage?: boolean } = {},
): Promise<Record<string, string[]>> {
  const findings: Record<string, string[]> = {};
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForFunction(IMAGES_LOADED);
      const view = `${name}-${viewport.name}-${scheme}`;
      await screenshot(page, view, fullPage);
      const found = await seriousViolations(page, view);
      if (found.length > 0) findings[view] = found;
    }
  }
  return findings;
}

/** Whether the open page fits the narrowest phone without a horizontal scrollbar. */
export async function fitsNarrowestPhone(page: Page): Promise<boolean> {
  await page.setViewportSize(NARROWEST);
  return (await page.evaluate(FITS_WIDTH)) as boolean;
}

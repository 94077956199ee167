// vitest global setup: the footage every worker reads is made once, before they start.
import { ensureFixtures } from './fixtures.js';

export function setup(): void {
  ensureFixtures();
}

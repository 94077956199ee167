import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { REPO_DIR } from '../../support/paths.js';
import { lintDockerfile } from './hadolint-replay.js';

const Step = z.object({
  name: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
});
const Job = z.object({
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  steps: z.array(Step),
  services: z.record(z.string(), z.unknown()).optional(),
});
const Workflow = z.object({ jobs: z.record(z.string(), Job) });

const workflow = Workflow.parse(parse(readFileSync(join(REPO_DIR, '.github', 'workflows', 'addon.yaml'), 'utf8')));
const dockerfile = readFileSync(join(REPO_DIR, 'homesec', 'Dockerfile'), 'utf8');

function job(name: string): z.infer<typeof Job> {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`no job ${name} in .github/workflows/addon.yaml`);
  return found;
}
const needs = (name: string): string[] => [job(name).needs ?? []].flat();

describe('the release workflow', () => {
  const hadolint = job('lint').steps.find((s) => s.uses?.startsWith('hadolint/hadolint-action@'));

  it('runs the hadolint action whose hadolint version the replay follows, at its default failure threshold', () => {
    // Given the lint job's hadolint step
    // Then it is hadolint-action v3.3.0 (hadolint 2.14.0: DL3006 exempts `$`-prefixed names; v3.1.0's
    // 2.12.0 did not) on homesec/Dockerfile, failing on info and above (action.yml's default)
    expect(hadolint?.uses).toBe('hadolint/hadolint-action@v3.3.0');
    expect(hadolint?.with?.dockerfile).toBe('homesec/Dockerfile');
    expect(hadolint?.with?.['failure-threshold'] ?? 'info').toBe('info');
    expect(hadolint?.with?.['no-fail'] ?? false).toBe(false);
  });

  it('homesec/Dockerfile passes hadolint as the workflow configures it', () => {
    // Given the workflow's ignore list
    const ignore = String(hadolint?.with?.ignore ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    expect(ignore).toStrictEqual(['DL3008']);
    // When the replayed rules (and ShellCheck on every RUN) look at the Dockerfile
    // Then nothing at info or above is found
    expect(lintDockerfile(dockerfile, ignore)).toStrictEqual([]);
  });

  it('would fail on the last FROM without its inline ignore, so the ignore is what lets it pass', () => {
    // Given the Dockerfile without the pragma above `FROM addon-${TARGETARCH}`
    const bare = dockerfile.replace(/^# hadolint ignore=DL3006.*\n/m, '');
    // Then DL3006 fires on that line, and only there
    const findings = lintDockerfile(bare, ['DL3008']);
    expect(findings.map((f) => f.code)).toStrictEqual(['DL3006']);
    expect(bare.split('\n')[(findings[0]?.line ?? 0) - 1]).toBe('FROM addon-${TARGETARCH}');
  });

  it('lets no image be built or pushed before the lint and the tests pass', () => {
    // Then the image jobs wait for lint and test, and the test job runs the suite with its services
    expect(needs('build')).toEqual(expect.arrayContaining(['lint', 'test', 'version']));
    const test = job('test');
    expect(Object.keys(test.services ?? {})).toContain('postgres');
    const run = test.steps.map((s) => s.run ?? '').join('\n');
    expect(run).toMatch(/npx vitest run .*tests\/unit\/addon/);
    expect(run).toContain('opencv-doc');
    expect(run).toContain('mosquitto');
    // And no step reaches outside the checkout (a clone on GitHub's runners has nothing beside it)
    expect(JSON.stringify(workflow)).not.toMatch(/\.\.\//);
  });
});

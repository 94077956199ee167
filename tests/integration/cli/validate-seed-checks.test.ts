import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../support/paths.js';
import { makeTempDir } from '../../support/temp-dir.js';

const CLI = join(REPO_DIR, 'server', 'bin', 'homesec.js');

describe('homesec validate: the seed’s reference and name checks', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  const validate = (doc: Record<string, unknown>) => {
    const path = join(dir.path, 'config.yaml');
    writeFileSync(path, stringify(doc));
    const result = spawnSync(process.execPath, [CLI, 'validate', '--config', path], {
      cwd: dir.path,
      encoding: 'utf8',
      env: { ...process.env, HOMESEC_OPTIONS_PATH: join(dir.path, 'none.json') },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('names an alert override for a camera that does not exist and an unknown notifier type, with the valid names', () => {
    // Given cameras front_door and garden, an override for "frontdoor" and a "webhook" notifier
    const { code, stdout, stderr } = validate({
      cameras: [
        { name: 'front_door', source: 'folder' },
        { name: 'garden', source: 'folder' },
      ],
      alerts: { overrides: [{ camera: 'frontdoor', min_risk: 'high' }] },
      notify: { webhook: { url: 'https://example.com/hook' } },
    });
    // Then validation fails (exit 2) and each problem names the path, the bad name and the valid ones
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'alerts.overrides[0].camera: unknown camera "frontdoor" (did you mean "front_door"? cameras: front_door, garden)',
    );
    expect(stderr).toContain('notify.webhook: unknown notifier type "webhook" (notifiers: email, mqtt_alerts, ha_events)');
  });

  it('lists the valid choices for every unknown backend, format, mode, source and transport name', () => {
    // Given a wrong name in each place a name picks an implementation
    const { code, stderr } = validate({
      cameras: [{ name: 'porch', source: 'onvif' }],
      detector: { format: 'yolo11' },
      analyzer: { run_mode: 'sometimes' },
      offsite: { backend: 's3' },
      notify: { email: { transport: 'mailgun' } },
    });
    // Then each is reported with what it may be
    expect(code).toBe(2);
    expect(stderr).toContain('cameras[0].source: must be one of folder, ftp, rtsp');
    expect(stderr).toMatch(/detector\.format: .*"auto".*"yolox".*"yolov8"/);
    expect(stderr).toMatch(/analyzer\.run_mode: .*"trigger_only".*"always".*"never"/);
    expect(stderr).toMatch(/offsite\.backend: .*"none".*"dropbox"/);
    expect(stderr).toMatch(/notify\.email\.transport: .*"smtp".*"sendgrid"/);
  });

  it('accepts overrides for configured cameras and the known notifiers', () => {
    // Given a valid override and notifier sections; When validated; Then it passes
    const { code, stderr } = validate({
      cameras: [{ name: 'front_door', source: 'folder' }],
      alerts: { overrides: [{ camera: 'front_door', min_risk: 'high' }] },
      notify: { mqtt_alerts: true, ha_events: false },
      logs: { db_level: 'error', retention_days: 7 },
    });
    expect(code, stderr).toBe(0);
  });
});

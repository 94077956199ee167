import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromAddonOptions } from '../../../server/src/config/addon-options-document.js';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig } from './addon-files.js';

const config = readAddonConfig();
const tmp = makeTempDir('homesec-addon-document-');
afterAll(() => tmp.remove());

function load(options: Record<string, unknown>) {
  const path = join(tmp.path, 'options.json');
  writeFileSync(path, JSON.stringify(options));
  return loadConfig({ env: { HOMESEC_OPTIONS_PATH: path } });
}

describe('add-on options as HomeSec reads them', () => {
  it('reads a cleared text field ("") and an untouched section ({}) as not set', () => {
    // Given options as HA's form saves them after fields were cleared
    const options = {
      ...config.options,
      database_url: '',
      cameras: [
        { name: 'porch', source: 'rtsp', url: 'rtsp://cam/1', detect_url: '' },
        { name: 'garage', source: 'folder', path: '' },
        { name: 'garden', source: 'ftp', username: '' },
      ],
      detector: { ...(config.options.detector as object), model: '', model_url: '' },
      alerts: { ...(config.options.alerts as object), quiet_hours: {} },
      mqtt: { url: '', username: '', password: '' },
    };
    // When HomeSec loads them
    const loaded = load(options);
    // Then they are valid and every cleared field has its default
    expect(loaded.ok ? null : loaded.error.problems).toBeNull();
    if (!loaded.ok) return;
    const c = loaded.value.config;
    expect(c.cameras[0]).not.toHaveProperty('detectUrl');
    expect(c.cameras[1]).toMatchObject({ path: '/share/homesec/garage' });
    expect(c.cameras[2]).not.toHaveProperty('username');
    expect(c.detector.model).toBe('yolox_nano');
    expect(c.detector.modelUrl).toBeUndefined();
    expect(c.alerts.quietHours).toBeNull();
    expect(c.mqtt).toMatchObject({ url: '', username: '', topicPrefix: 'homesec' });
  });

  it('puts flattened per-camera settings and "x,y,w,h" masks back where the config has them', () => {
    // Given an rtsp camera and an override as the add-on form holds them
    const doc = configFromAddonOptions({
      cameras: [
        { name: 'porch', source: 'rtsp', url: 'rtsp://cam/1', motion_fps: 4, motion_mask: ['0,0,1,0.1'], reconnect_max_delay_s: 60 },
      ],
      alerts: { overrides: [{ camera: 'porch', quiet_hours_start: '23:00', quiet_hours_end: '06:00' }] },
    });
    // Then they are nested as in the YAML config
    expect(doc).toStrictEqual({
      cameras: [
        {
          name: 'porch',
          source: 'rtsp',
          url: 'rtsp://cam/1',
          motion: { fps: 4, mask: [{ x: 0, y: 0, w: 1, h: 0.1 }] },
          reconnect: { max_delay_s: 60 },
        },
      ],
      alerts: { overrides: [{ camera: 'porch', quiet_hours: { start: '23:00', end: '06:00' } }] },
    });
  });

  it('leaves what it cannot read for the config check to report with its path', () => {
    // Given a mask that is not four numbers and a key the add-on does not have
    const loaded = load({ cameras: [{ name: 'porch', source: 'rtsp', url: 'rtsp://cam/1', motion_mask: ['0,0,1'] }], colour: 'red' });
    // Then loading fails and names both
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error.problems.join('\n')).toMatch(/cameras\[0\]\.motion\.mask\[0\]/);
    expect(loaded.error.problems.join('\n')).toMatch(/colour/);
  });
});

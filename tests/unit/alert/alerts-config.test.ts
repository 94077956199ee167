import { describe, expect, it } from 'vitest';
import { ConfigSchema, crossFieldProblems } from '../../../server/src/config/schema.js';

describe('alerts config', () => {
  it('keeps the defaults and accepts per-camera overrides with only some fields', () => {
    // Given an empty config, When parsed, Then the documented defaults apply
    const parsed = ConfigSchema.parse({
      cameras: [{ name: 'driveway', source: 'folder' }],
      alerts: { overrides: [{ camera: 'driveway', min_risk: 'high' }] },
    });
    expect(parsed.alerts).toMatchObject({
      min_risk: 'medium',
      cooldown_s: 120,
      quiet_hours: null,
      alert_on_trigger_without_analysis: true,
    });
    expect(parsed.alerts.overrides).toEqual([{ camera: 'driveway', min_risk: 'high' }]);
    expect(parsed.analyzer).toMatchObject({
      enabled: false,
      model: 'gpt-4.1-mini',
      run_mode: 'trigger_only',
      max_frames: 8,
      monthly_budget_usd: 10,
    });
  });

  it('reports an override for a camera that does not exist', () => {
    // Given an override naming an unknown camera, When checked, Then the path and camera are reported
    const doc = { cameras: [{ name: 'driveway', source: 'folder' }], alerts: { overrides: [{ camera: 'drivway', min_risk: 'high' }] } };
    expect(crossFieldProblems(doc)).toEqual([
      { path: ['alerts', 'overrides', 0, 'camera'], message: 'unknown camera "drivway" (did you mean "driveway"? cameras: driveway)' },
    ]);
  });

  it('rejects a bad quiet-hours clock time', () => {
    // Given 25:00, When parsed, Then it fails on that path
    const result = ConfigSchema.safeParse({ alerts: { quiet_hours: { start: '25:00', end: '07:00' } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['alerts', 'quiet_hours', 'start']);
  });
});

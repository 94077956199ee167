import { describe, expect, it } from 'vitest';
import { BRAND_PATHS, GENERIC_PATHS } from '../../../../server/src/cameras/setup/brand-paths.js';

describe('the brand path table', () => {
  it('has the paths the brands document, main before sub', () => {
    // Given the table
    // When it is read as brand -> label -> path
    const table = Object.fromEntries(BRAND_PATHS.map((b) => [b.method, Object.fromEntries(b.paths.map((p) => [p.label, p.path]))]));

    // Then each brand has its known paths
    expect(table).toEqual({
      Reolink: { main: '/h264Preview_01_main', sub: '/h264Preview_01_sub' },
      Hikvision: { main: '/Streaming/Channels/101', sub: '/Streaming/Channels/102' },
      'Dahua/Amcrest': { main: '/cam/realmonitor?channel=1&subtype=0', sub: '/cam/realmonitor?channel=1&subtype=1' },
      Tapo: { main: '/stream1', sub: '/stream2' },
      Axis: { main: '/axis-media/media.amp' },
    });
    expect(BRAND_PATHS.every((b) => b.paths[0]?.label === 'main')).toBe(true);
  });

  it('lists each path once, every one starting with a slash, and the generic ones apart', () => {
    // Given every path of the table
    const all = [...BRAND_PATHS, GENERIC_PATHS].flatMap((b) => b.paths.map((p) => p.path));

    // Then no path is tried twice, and each is a path
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((p) => p.startsWith('/'))).toBe(true);
    expect(GENERIC_PATHS.paths.map((p) => p.path)).toEqual(expect.arrayContaining(['/', '/live', '/stream', '/h264', '/ch0']));
    expect(new Set(GENERIC_PATHS.paths.map((p) => p.label)).size).toBe(GENERIC_PATHS.paths.length);
  });
});

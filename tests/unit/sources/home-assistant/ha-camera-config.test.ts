import { describe, expect, it } from 'vitest';
import { CameraConfigSchema, isLiveCamera } from '../../../../server/src/config/sections/camera-config.js';
import { parseConfigSection } from '../../../../server/src/config/schema.js';
import { redactUrlCredentials } from '../../../../server/src/logging/redact.js';
import { coreStreamTarget } from '../../../../server/src/sources/home-assistant/core-stream-target.js';
import { cameraSessionArgs } from '../../../../server/src/sources/rtsp/stream/camera-session.js';

const OUTPUTS = { segments: null, motion: null, relay: true, picture: null };

describe('a source: home_assistant camera', () => {
  it('is configured by its entity id alone, with the RTSP camera recording options and defaults', () => {
    // Given a camera written with its entity and a pre-roll
    const camera = parseConfigSection(CameraConfigSchema, {
      name: 'driveway',
      source: 'home_assistant',
      entity_id: 'camera.driveway',
      pre_roll_s: 3,
    });
    // Then it is a live camera with the RTSP defaults for what it does not say
    expect(camera).toMatchObject({ source: 'home_assistant', entityId: 'camera.driveway', preRollS: 3, postRollS: 10, motion: { fps: 5 } });
    expect(isLiveCamera(camera)).toBe(true);
    // And an entity of another domain, a URL, or rolls longer than a clip are refused
    expect(() => parseConfigSection(CameraConfigSchema, { name: 'd', source: 'home_assistant', entity_id: 'light.porch' })).toThrow(
      /camera entity/,
    );
    expect(() =>
      parseConfigSection(CameraConfigSchema, { name: 'd', source: 'home_assistant', entity_id: 'camera.d', url: 'rtsp://x/y' }),
    ).toThrow();
    expect(() =>
      parseConfigSection(CameraConfigSchema, {
        name: 'd',
        source: 'home_assistant',
        entity_id: 'camera.d',
        pre_roll_s: 60,
        post_roll_s: 60,
      }),
    ).toThrow(/max_clip_s|pre_roll_s/);
  });

  it('reads Core through the Supervisor proxy with the add-on token, or Home Assistant itself with no header', () => {
    // Given the add-on's environment, then standalone settings
    const addon = coreStreamTarget({ url: '', token: '' }, { SUPERVISOR_TOKEN: 'sup-token' });
    const standalone = coreStreamTarget({ url: 'http://ha.local:8123/', token: 'llat' }, {});
    // Then the add-on reads HLS under the proxy's /core with its token; standalone reads Core's own HLS view, which needs none
    expect(addon).toMatchObject({ httpBase: 'http://supervisor/core', httpHeaders: 'Authorization: Bearer sup-token' });
    expect(addon?.websocket).toMatchObject({ url: 'ws://supervisor/core/websocket', token: 'sup-token' });
    expect(standalone).toMatchObject({ httpBase: 'http://ha.local:8123', httpHeaders: null });
    // And outside the add-on without home_assistant.url there is no Core to ask
    expect(coreStreamTarget({ url: '', token: '' }, {})).toBeNull();
  });

  it('gives ffmpeg an HLS input without RTSP options, with the proxy header, and keeps the stream token out of logs', () => {
    // Given Core's HLS URL through the proxy
    const url = 'http://supervisor/core/api/hls/0123abcd/master_playlist.m3u8';
    const line = cameraSessionArgs({
      url,
      headers: 'Authorization: Bearer sup-token',
      transport: 'tcp',
      socketTimeoutS: 5,
      outputs: OUTPUTS,
    });
    // Then the input has a timeout and the header, no -rtsp_transport (ffmpeg refuses it for HTTP)
    expect(line).not.toContain('-rtsp_transport');
    expect(line.join(' ')).toContain(`-timeout 5000000 -headers Authorization: Bearer sup-token\r\n -i ${url}`);
    // And the token in the path is redacted wherever a URL is redacted (logs, status, API answers)
    expect(redactUrlCredentials(`[hls @ 0x1] Failed to open ${url}`)).toBe(
      '[hls @ 0x1] Failed to open http://supervisor/core/api/hls/***/master_playlist.m3u8',
    );
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropClip } from '../../support/drop-clip.js';
import { fixture } from '../../support/paths.js';
import { startFakeOpenAiServer, vlmReply, type FakeOpenAiServer } from '../../support/servers/fake-openai-server.js';
import { startHomesec, waitForClip, type StartedHomesec } from '../../support/start-homesec.js';
import { closedPort } from '../metrics/closed-port.js';

/** Every secret a config can hold, each a string that appears nowhere else. */
const SECRETS = {
  analyzerApiKey: 'sk-hs9Secret-vlm-4242',
  mqttPassword: 'hs9Secret-mqtt-pw',
  databasePassword: 'hs9Secret-pg-pw',
  dropboxAppKey: 'hs9Secret-dbx-key',
  dropboxAppSecret: 'hs9Secret-dbx-secret',
  dropboxRefreshToken: 'hs9Secret-dbx-refresh',
  ftpPassword: 'hs9Secret-ftp-pw',
  rtspPassword: 'hs9Secret-rtsp-pw',
  smtpPassword: 'hs9Secret-smtp-pw',
};

/**
 * A run with every kind of secret in its config, with the outside systems behind them unreachable
 * (where errors, and so the risk of a logged URL or header, are most likely) and a clip analysed
 * by a real OpenAI-compatible server: no secret appears in any log line or any API answer.
 */
describe('secrets never leave the process in logs or API answers', () => {
  let vlm: FakeOpenAiServer;
  let running: StartedHomesec;
  const answers: Record<string, string> = {};

  beforeAll(async () => {
    // Given a config with secrets for the VLM, the broker, Postgres, Dropbox, an FTP camera, an RTSP camera and SMTP
    vlm = await startFakeOpenAiServer();
    vlm.setDefault({ kind: 'json', content: vlmReply({ risk_level: 'high' }) });
    const down = `127.0.0.1:${await closedPort()}`;
    running = await startHomesec({
      log_level: 'debug',
      database_url: `postgres://homesec:${SECRETS.databasePassword}@${down}/homesec`,
      cameras: [
        { name: 'front_door', source: 'folder' },
        { name: 'porch', source: 'ftp', password: SECRETS.ftpPassword },
        { name: 'yard', source: 'rtsp', url: `rtsp://admin:${SECRETS.rtspPassword}@${down}/live` },
      ],
      ftp: { host: '127.0.0.1', port: 0 },
      analyzer: { enabled: true, base_url: vlm.baseUrl, api_key: SECRETS.analyzerApiKey, run_mode: 'always', max_frames: 2 },
      mqtt: { url: `mqtt://${down}`, username: 'homesec', password: SECRETS.mqttPassword },
      offsite: {
        backend: 'dropbox',
        dropbox: {
          app_key: SECRETS.dropboxAppKey,
          app_secret: SECRETS.dropboxAppSecret,
          refresh_token: SECRETS.dropboxRefreshToken,
          api_url: `http://${down}`,
          content_url: `http://${down}`,
        },
      },
      notify: {
        max_attempts: 1,
        email: {
          enabled: true,
          from: 'homesec@example.com',
          to: ['me@example.com'],
          smtp: { host: '127.0.0.1', port: Number(down.split(':')[1]), username: 'homesec', password: SECRETS.smtpPassword },
        },
      },
      pipeline: { max_attempts: 1 },
    });
    // When a clip is analysed, alerted, uploaded (failing) and notified (failing), and every API answer is read
    const done = waitForClip(running.app, (c) => c.status === 'done' && c.notifications.email?.status === 'failed', 90_000);
    dropClip(join(running.config.dataDir, 'inbox', 'front_door'), fixture('empty_scene.mp4'), 'clip.mp4');
    const clip = await done;
    for (const path of ['/api/health', '/api/cameras', '/api/stats', '/metrics', '/api/clips', `/api/clips/${clip.id}`]) {
      answers[path] = await (await fetch(`${running.url}${path}`)).text();
    }
  }, 120_000);

  afterAll(async () => {
    await running?.close();
    await vlm?.close();
  });

  it('the VLM got the API key, so the secrets were really in use', () => {
    // Then the analyzer sent the key to the VLM (and only there)
    expect(vlm.requests[0]?.authorization).toBe(`Bearer ${SECRETS.analyzerApiKey}`);
  });

  it('no log line carries a secret, though every system behind one was used or failed', () => {
    // Then the failures and calls where a URL or header could leak were logged
    const events = new Set(running.logs.records().map((r) => r.event_type));
    for (const expected of [
      'store.unavailable',
      'mqtt.connecting',
      'rtsp.stream_down',
      'dropbox.failed',
      'vlm.request',
      'ftp.listening',
      'notify.failed',
    ]) {
      expect(events.has(expected), expected).toBe(true);
    }
    // And the captured JSON logs (debug level) mention no secret, whole or URL-encoded
    const logs = running.logs.text();
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(logs.includes(secret), name).toBe(false);
      expect(logs.includes(encodeURIComponent(secret)), name).toBe(false);
    }
  });

  it('no API answer carries a secret', () => {
    // Then health, cameras, stats, metrics and clips say nothing secret
    expect(Object.keys(answers)).toHaveLength(6);
    for (const [path, body] of Object.entries(answers)) {
      for (const [name, secret] of Object.entries(SECRETS)) expect(body.includes(secret), `${name} in ${path}`).toBe(false);
    }
  });
});

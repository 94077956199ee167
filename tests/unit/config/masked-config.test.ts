import { describe, expect, it } from 'vitest';
import { MASK, maskedConfig } from '../../../server/src/config/masked-config.js';

describe('maskedConfig', () => {
  it('shows the config in snake_case with secret fields and URL credentials masked', () => {
    // Given a camelCase config with every kind of secret
    const config = {
      dataDir: '/data',
      databaseUrl: 'postgres://homesec:db-pass@db:5432/homesec',
      mqtt: { url: 'mqtt://broker:1883', password: 'p1', username: 'me' },
      analyzer: { apiKey: 'k1', baseUrl: 'https://api.example/v1', maxOutputTokens: 2000 },
      offsite: { dropbox: { refreshToken: 't1', appSecret: 's1', appKey: 'a1', accessToken: '' } },
      cameras: [{ name: 'door', url: 'rtsp://admin:cam-pass@10.0.0.2/stream', detectUrl: 'rtsp://10.0.0.2/sub?auth_token=x9' }],
    };
    // When masked
    const { config: shown, masked } = maskedConfig(config);
    // Then nothing secret is left, empty secrets stay empty, and other values are as they were
    expect(shown).toStrictEqual({
      data_dir: '/data',
      database_url: `postgres://${MASK}@db:5432/homesec`,
      mqtt: { url: 'mqtt://broker:1883', password: MASK, username: 'me' },
      analyzer: { api_key: MASK, base_url: 'https://api.example/v1', max_output_tokens: 2000 },
      offsite: { dropbox: { refresh_token: MASK, app_secret: MASK, app_key: MASK, access_token: '' } },
      cameras: [{ name: 'door', url: `rtsp://${MASK}@10.0.0.2/stream`, detect_url: `rtsp://10.0.0.2/sub?auth_token=${MASK}` }],
    });
    expect(masked.sort()).toStrictEqual(
      [
        'analyzer.api_key',
        'cameras.0.detect_url',
        'cameras.0.url',
        'database_url',
        'mqtt.password',
        'offsite.dropbox.app_key',
        'offsite.dropbox.app_secret',
        'offsite.dropbox.refresh_token',
      ].sort(),
    );
  });
});

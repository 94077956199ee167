import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OffsiteConfigSchema } from '../../../server/src/config/sections/offsite-config.js';
import { dropboxContentHash } from '../../../server/src/storage/dropbox-content-hash.js';
import { referenceContentHash } from '../../support/servers/fake-dropbox-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const tmp = makeTempDir();
afterAll(() => tmp.remove());

describe('dropboxContentHash', () => {
  it.each([0, 1, 4 * 1024 * 1024 - 1, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7])(
    'matches the block scheme for %i bytes',
    async (size) => {
      // Given a file of that size with varied content
      const bytes = Buffer.alloc(size);
      for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
      const path = join(tmp.path, `f-${size}`);
      writeFileSync(path, bytes);

      // When/Then: the streamed hash equals an independent whole-buffer implementation
      expect(await dropboxContentHash(path)).toBe(referenceContentHash(bytes));
    },
  );

  it('gives the SHA-256 of nothing for an empty file', async () => {
    // Given/When/Then
    const path = join(tmp.path, 'empty');
    writeFileSync(path, '');
    expect(await dropboxContentHash(path)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('offsite config', () => {
  it('is off by default and needs credentials for dropbox', () => {
    // Given/When/Then
    expect(OffsiteConfigSchema.parse(undefined)).toMatchObject({ backend: 'none', dropbox: { root: '/homesec', chunk_mb: 8 } });
    expect(OffsiteConfigSchema.safeParse({ backend: 'dropbox' }).success).toBe(false);
    expect(OffsiteConfigSchema.safeParse({ backend: 'dropbox', dropbox: { refresh_token: 'r' } }).success).toBe(false);
    expect(
      OffsiteConfigSchema.safeParse({ backend: 'dropbox', dropbox: { refresh_token: 'r', app_key: 'k', app_secret: 's' } }).success,
    ).toBe(true);
    expect(OffsiteConfigSchema.safeParse({ backend: 'dropbox', dropbox: { access_token: 't' } }).success).toBe(true);
  });

  it('refuses a root that is relative, ends with / or climbs', () => {
    // Given/When/Then
    for (const root of ['homesec', '/homesec/', '/a/../b'])
      expect(OffsiteConfigSchema.safeParse({ dropbox: { root } }).success).toBe(false);
  });
});

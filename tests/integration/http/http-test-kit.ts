import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clip } from '../../../server/src/core/clip.js';
import type { ClipRepository } from '../../../server/src/store/clip-repository.js';
import { isolatedDatabaseUrl } from '../../support/postgres.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: readonly Backend[] = ['sqlite', 'postgres'];

export interface ApiUnderTest {
  readonly homesec: StartedHomesec;
  readonly url: string;
  readonly mediaDir: string;
  readonly repository: ClipRepository;
  close(): Promise<void>;
}

/** The real app with two folder cameras and one disabled camera, on SQLite or an isolated Postgres schema. */
export async function startApi(backend: Backend, overrides: Record<string, unknown> = {}): Promise<ApiUnderTest> {
  const database = backend === 'postgres' ? isolatedDatabaseUrl() : null;
  const homesec = await startHomesec({
    log_level: 'warn',
    cameras: [
      { name: 'front_door', source: 'folder' },
      { name: 'driveway', source: 'folder' },
      { name: 'garage', source: 'folder', enabled: false },
    ],
    ...(database ? { database_url: database.url } : {}),
    ...overrides,
  });
  const repository = homesec.app.repository;
  if (!repository) throw new Error('the app has no repository after start');
  return {
    homesec,
    url: homesec.url,
    mediaDir: homesec.config.mediaDir,
    repository,
    close: async () => {
      await homesec.close();
      await database?.drop();
    },
  };
}

/** Records clips through the repository (as the pipeline does) and waits until the store has them. */
export async function seedClips(api: ApiUnderTest, clips: readonly Clip[]): Promise<void> {
  for (const clip of clips) api.repository.create(clip, { type: 'clip_received', data: {} });
  if (!(await api.repository.drain(10_000))) throw new Error('seeded clips did not reach the store');
}

/** Copies a fixture into the media folder at a clip's relative path. */
export function placeMediaFile(api: ApiUnderTest, relativePath: string, source: string): string {
  const target = join(api.mediaDir, relativePath);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
  return target;
}

export async function getJson<T = unknown>(url: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

import { join } from 'node:path';
import { SqliteClipStore } from '../../../server/src/store/sqlite-clip-store.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { describeClipStore } from './clip-store.contract.js';

describeClipStore('SQLite', async () => {
  const dir = makeTempDir();
  const path = join(dir.path, 'clips.db');
  return { store: new SqliteClipStore(path), second: () => new SqliteClipStore(path), cleanup: async () => dir.remove() };
});

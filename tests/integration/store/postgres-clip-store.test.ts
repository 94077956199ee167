import pino from 'pino';
import { PostgresClipStore } from '../../../server/src/store/postgres-clip-store.js';
import { isolatedDatabaseUrl } from '../../support/postgres.js';
import { describeClipStore } from './clip-store.contract.js';

const silent = pino({ level: 'silent' });

describeClipStore('Postgres', async () => {
  const db = isolatedDatabaseUrl();
  return {
    store: new PostgresClipStore({ url: db.url, log: silent }),
    second: () => new PostgresClipStore({ url: db.url, log: silent }),
    cleanup: db.drop,
  };
});

import { EventEmitter, once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Presence } from '../../../server/src/cameras/arming-mode.js';
import { PresenceFollower } from '../../../server/src/ha/presence-follower.js';
import { createLogger } from '../../../server/src/logging/logger.js';
import { startFakeCoreWebsocket, type FakeCoreWebsocket } from '../../support/servers/fake-core-websocket.js';

const log = createLogger('silent');

/** The presence follower alone against the stand-in Core, with short timers (the app's are 30 s pings, 1 s first retry). */
describe('the presence follower', () => {
  let core: FakeCoreWebsocket | null = null;
  let follower: PresenceFollower | null = null;
  afterEach(async () => {
    await follower?.stop();
    await core?.close();
  });

  const follow = (fake: FakeCoreWebsocket) => {
    const heard = new EventEmitter();
    const seen: Presence[] = [];
    follower = new PresenceFollower({
      connection: { url: `${fake.url.replace('http', 'ws')}/api/websocket`, token: fake.token, timeoutMs: 500 },
      entities: [],
      onPresence: (presence) => {
        seen.push(presence);
        heard.emit('presence');
      },
      log,
      reconnect: { initialMs: 50, maxMs: 200 },
      pingIntervalMs: 200,
    });
    follower.start();
    const waitFor = async (presence: Presence): Promise<void> => {
      while (seen.at(-1) !== presence) await once(heard, 'presence');
    };
    return { seen, waitFor };
  };

  it('leaves a connection that stops answering pings, reconnects and reads the states again', async () => {
    // Given a follower connected to Core with someone at home
    core = await startFakeCoreWebsocket({ 'zone.home': '1' });
    const { waitFor } = follow(core);
    await waitFor('someone_home');
    expect(follower?.health().status).toBe('healthy');
    // When the link goes silent without closing, and the last person leaves meanwhile
    core.freezeConnections();
    core.setState('zone.home', '0');
    // Then the unanswered ping ends that connection, a new one reads the states, and nobody is home
    await waitFor('nobody_home');
    expect(core.statesRead()).toBe(2);
    expect(core.authenticated()).toBe(2);
  });

  it('says nothing of presence before the states were read, and stops cleanly while Core is away', async () => {
    // Given a Core that refuses connections (restarting)
    core = await startFakeCoreWebsocket({ 'zone.home': '0' });
    core.refuseConnections(true);
    const { seen } = follow(core);
    // When it has been refused twice / Then no presence was reported and health says why
    await core.waitForRefused(2);
    expect(seen).toStrictEqual([]);
    expect(follower?.health()).toMatchObject({ status: 'degraded' });
    expect(follower?.health().message).toContain('502');
    // When the follower stops / Then stop() resolves: it awaits the retry loop, which has ended
    await follower?.stop();
    follower = null;
    expect(core.authenticated()).toBe(0);
  });
});

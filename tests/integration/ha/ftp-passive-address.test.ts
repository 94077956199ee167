import { afterEach, describe, expect, it } from 'vitest';
import { supervisorHostAddress } from '../../../server/src/ha/supervisor-host-address.js';
import { startFakeSupervisor, type FakeSupervisor } from '../../support/servers/fake-supervisor-server.js';
import { makeFtpHarness, PASSWORD, type FtpHarness } from '../sources/ftp/ftp-harness.js';
import { log } from './ha-harness.js';

/** What the Supervisor's GET /network/info says on a typical install: Docker's bridge, then the LAN. */
const NETWORK_INFO = {
  interfaces: [
    { interface: 'wlan0', type: 'wireless', enabled: false, connected: false, primary: false, ipv4: { address: [] } },
    { interface: 'end0', type: 'ethernet', enabled: true, connected: true, primary: true, ipv4: { address: ['192.168.1.50/24'] } },
  ],
  docker: { interface: 'hassio', address: '172.30.32.0/23', gateway: '172.30.32.1' },
};

describe("FTP passive replies name the host's address from the Supervisor", () => {
  let supervisor: FakeSupervisor | null = null;
  let ftp: FtpHarness | null = null;
  afterEach(async () => {
    await ftp?.cleanup();
    await supervisor?.close();
  });

  async function pasvWith(passiveUrl: string): Promise<string> {
    supervisor = await startFakeSupervisor();
    supervisor.reply('GET', '/network/info', { kind: 'ok', data: NETWORK_INFO });
    const env = { SUPERVISOR_TOKEN: supervisor.token, SUPERVISOR_URL: supervisor.url };
    ftp = makeFtpHarness({ ftp: { passive_url: passiveUrl }, hostAddress: supervisorHostAddress(log, env) });
    await ftp.source.start(new AbortController().signal);
    const client = await ftp.login('front_door', PASSWORD);
    return (await client.send('PASV')).message;
  }

  it('uses the primary connected interface when ftp.passive_url is empty', async () => {
    // Given the add-on (a Supervisor token) and no passive_url
    // When a camera asks for passive mode
    const reply = await pasvWith('');
    // Then the reply names the host's LAN address, which the camera can reach (not the container's)
    expect(reply).toMatch(/\(192,168,1,50,\d+,\d+\)/);
    expect(supervisor?.requests.some((r) => r.method === 'GET' && r.path === '/network/info')).toBe(true);
  });

  it('still takes a configured passive_url first', async () => {
    const reply = await pasvWith('10.0.0.9');
    expect(reply).toMatch(/\(10,0,0,9,\d+,\d+\)/);
  });
});

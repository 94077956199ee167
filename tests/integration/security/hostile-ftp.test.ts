import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpControl } from './ftp-control.js';
import { startHomesecProcess, type HomesecProcess } from './homesec-process.js';

const CAMERA = 'front_gate';
const PASSWORD = 'cam-pass-123';
const RUNS = 60;
/** Each refused login is answered after half a second (slowing guessers): fewer runs keep this one short. */
const LOGIN_RUNS = 10;

/** Commands a camera (or whoever found the port) may send; PORT/EPRT/PASV/EPSV left out: no data connection is opened. */
const VERBS = [
  'CWD', 'XCWD', 'CDUP', 'MKD', 'XMKD', 'RMD', 'XRMD', 'DELE', 'RNFR', 'RNTO', 'STOR', 'STOU', 'APPE', 'RETR',
  'LIST', 'NLST', 'MLSD', 'MLST', 'SIZE', 'MDTM', 'SITE', 'SITE CHMOD 777', 'STAT', 'PWD', 'TYPE', 'MODE', 'STRU',
  'REST', 'ALLO', 'FEAT', 'OPTS', 'NOOP', 'HELP', 'SYST', 'ABOR', 'ACCT',
]; // prettier-ignore

/** What no path should be: climbing out, absolute, drive letters, encoded, control characters, very long. */
const hostilePath = fc
  .oneof(
    fc.constantFrom('../x.mp4', '../../../../tmp/evil', '/etc/passwd', '..\\..\\evil', 'day/../../evil', '....//....//evil',
      '..%2F..%2Fevil', 'C:\\evil', '\\\\server\\share', '.', '..', '/', '', '~', '*', '-la', '/..', 'a/./../..', 'evil\u202Egnp.mp4'), // prettier-ignore
    fc.array(fc.constantFrom('..', '.', 'x', '', '%2e%2e', '...', 'day', '\\..'), { maxLength: 8 }).map((parts) => parts.join('/')),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ minLength: 900, maxLength: 1500 }),
  )
  .map((path) => path.replace(/[\r\n]/g, ''));

/** Every entry (file or folder) under `dir`, relative to it. */
function entriesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe('hostile FTP commands and paths against the running service (a process of its own)', () => {
  let homesec: HomesecProcess;
  let port = 0;
  let before = new Set<string>();
  const staging = `data/ftp/${CAMERA}/`;

  beforeAll(async () => {
    homesec = await startHomesecProcess(() => ({
      cameras: [{ name: CAMERA, source: 'ftp', password: PASSWORD }],
      ftp: { host: '127.0.0.1', port: 0, passive_port_min: 0, passive_port_max: 0, passive_url: '127.0.0.1' },
    }));
    port = homesec.ftpPort ?? 0;
    expect(port).toBeGreaterThan(0);
    before = new Set(entriesUnder(homesec.dir));
  }, 90_000);
  afterAll(async () => {
    await homesec?.close();
  });

  /** The process runs, the FTP server greets a new client, and nothing appeared outside the camera's folder. */
  async function expectUnharmed(): Promise<void> {
    expect(homesec.alive(), `homesec exited:\n${homesec.tail()}`).toBe(true);
    const { control, greeting } = await FtpControl.open(port);
    control.close();
    expect(greeting.code).toBe(220);
    const outside = entriesUnder(homesec.dir).filter(
      (entry) => !before.has(entry) && !entry.startsWith(staging) && !/\.(db|sqlite)(-wal|-shm|-journal)?$/.test(entry),
    );
    expect(outside).toEqual([]);
  }

  it('answers every command with a reply code and keeps a logged-in camera inside its folder', async () => {
    // Given a camera logged in
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...VERBS), hostilePath), { minLength: 1, maxLength: 12 }), async (commands) => {
        const { control } = await FtpControl.open(port);
        try {
          expect((await control.login(CAMERA, PASSWORD)).code).toBe(230);
          // When it sends any of the commands with hostile paths
          for (const [verb, path] of commands) {
            const reply = await control.send(`${verb} ${path}`);
            // Then each gets a reply (or the server hangs up on it), never silence
            if (control.isClosed) break;
            expect(reply.code, `${verb} ${path}`).toBeGreaterThanOrEqual(200);
            expect(reply.code, `${verb} ${path}`).toBeLessThan(600);
          }
        } finally {
          control.close();
        }
      }),
      { numRuns: RUNS },
    );
    // And the process, the server and the folders outside the camera's own are as they were
    await expectUnharmed();
  });

  it('never lets hostile USER and PASS lines in, and then makes that address wait while another still logs in', async () => {
    // Given a client at 127.0.0.2 sending any user names and passwords, control characters and all
    const line = fc.string({ unit: 'binary', maxLength: 80 }).map((s) => s.replace(/[\r\n]/g, ''));
    await fc.assert(
      fc.asyncProperty(line, line, async (user, password) => {
        const { control } = await FtpControl.open(port, '127.0.0.2');
        try {
          const reply = await control.login(user, password);
          // Then no attempt is logged in
          expect(reply.code, JSON.stringify({ user, password })).not.toBe(230);
          expect(reply.code).not.toBeNull();
        } finally {
          control.close();
        }
      }),
      { numRuns: LOGIN_RUNS },
    );
    // When that address then sends the right password
    const guesser = await FtpControl.open(port, '127.0.0.2');
    const refused = await guesser.control.login(CAMERA, PASSWORD);
    guesser.control.close();
    // Then it is told to wait (five failed logins within 15 minutes), while the camera's own address logs in
    expect(refused.code).toBe(530);
    expect(refused.text).toMatch(/too many failed logins/i);
    const camera = await FtpControl.open(port, '127.0.0.3');
    expect((await camera.control.login(CAMERA, PASSWORD)).code).toBe(230);
    camera.control.close();
    expect(homesec.records('ftp.login_limited').map((r) => r.remote)).toContain('127.0.0.2');
    await expectUnharmed();
  });

  it('still stops at once on SIGTERM after all those clients hung up', async () => {
    // Given the clients above, all gone
    // When HomeSec is asked to stop
    const ended = await homesec.close();
    // Then it exits by itself (ftp-srv's disconnect timer, never cleared, held it for its 10-minute idle limit)
    expect(ended).toBe('stopped');
  }, 30_000);
});

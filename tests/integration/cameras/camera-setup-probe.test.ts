import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CameraProbeResponse } from '../../../server/src/http/camera-setup-contract.js';
import { freePort, startRtspCameraServer, type RtspCameraServer } from '../../support/rtsp-camera-server.js';
import { startFakeOnvifServer, type FakeOnvifServer } from '../../support/servers/fake-onvif-server.js';
import { startHomesec, type StartedHomesec } from '../../support/start-homesec.js';

// A password with the characters that break a URL's user info when they are not encoded.
const PASSWORD = 'p@ss:w/rd!42';
const ENCODED = encodeURIComponent(PASSWORD);
const WRONG = 'wr0ng-Pa55word';

/** The add-camera wizard's probe (issue #24 point 1) through the real route, against the GStreamer camera and a stand-in ONVIF service. */
describe('probing a camera from its address and login', () => {
  let homesec: StartedHomesec;
  let reolink: RtspCameraServer;
  let onvifCamera: RtspCameraServer;
  let onvif: FakeOnvifServer;
  let closedPort: number;

  beforeAll(async () => {
    // A camera answering on Reolink's paths (main, and a smaller sub-stream), with a login
    reolink = await startRtspCameraServer({
      scene: 'motion',
      mounts: { '/h264Preview_01_main': 'main', '/h264Preview_01_sub': 'sub' },
      login: { username: 'admin', password: PASSWORD },
    });
    // and one whose streams only ONVIF knows (paths no brand uses), behind the same login
    onvifCamera = await startRtspCameraServer({
      scene: 'motion',
      mounts: { '/media/profile_one': 'main', '/media/profile_two': 'sub' },
      login: { username: 'admin', password: PASSWORD },
    });
    onvif = await startFakeOnvifServer({
      login: { username: 'admin', password: PASSWORD },
      profiles: [
        { token: 'profile_1', name: 'mainStream', streamUri: onvifCamera.urlAt('/media/profile_one'), width: 640, height: 360, fps: 10 },
        { token: 'profile_2', name: 'subStream', streamUri: onvifCamera.urlAt('/media/profile_two'), width: 320, height: 180, fps: 10 },
      ],
    });
    closedPort = await freePort();
    homesec = await startHomesec();
  }, 60_000);

  afterAll(async () => {
    await homesec?.close();
    await onvif?.close();
    await reolink?.kill();
    await onvifCamera?.kill();
  });

  const probe = async (body: Record<string, unknown>): Promise<{ status: number; text: string; answer: CameraProbeResponse }> => {
    const res = await fetch(`${homesec.url}/api/camera-setup/probe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, answer: JSON.parse(text) as CameraProbeResponse };
  };

  it("finds a Reolink camera's main and sub stream at its brand paths, with codec, size, rate and a snapshot, and never returns the password", async () => {
    // Given a camera with no ONVIF service (nothing on that port) answering on Reolink's paths
    // When the wizard probes it with the right login
    const { status, text, answer } = await probe({
      host: '127.0.0.1',
      username: 'admin',
      password: PASSWORD,
      onvifPort: closedPort,
      rtspPort: reolink.port,
    });

    // Then both streams are found, read with ffprobe: H.264, 640x360 and 320x180, 10 fps
    expect(status).toBe(200);
    expect(answer.problem).toBeNull();
    expect(
      answer.streams.map((s) => ({ method: s.method, label: s.label, url: s.url, codec: s.codec, w: s.width, h: s.height, fps: s.fps })),
    ).toEqual([
      {
        method: 'Reolink',
        label: 'main',
        url: `rtsp://127.0.0.1:${reolink.port}/h264Preview_01_main`,
        codec: 'h264',
        w: 640,
        h: 360,
        fps: 10,
      },
      {
        method: 'Reolink',
        label: 'sub',
        url: `rtsp://127.0.0.1:${reolink.port}/h264Preview_01_sub`,
        codec: 'h264',
        w: 320,
        h: 180,
        fps: 10,
      },
    ]);
    // and each has a JPEG snapshot as a data URL
    for (const stream of answer.streams) {
      expect(stream.snapshot).toMatch(/^data:image\/jpeg;base64,/);
      const jpeg = Buffer.from((stream.snapshot ?? '').slice('data:image/jpeg;base64,'.length), 'base64');
      expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    }
    // and the main stream is recommended to record, the sub-stream to detect on
    const [main, sub] = answer.streams;
    expect(answer.recommended).toEqual({ record: main?.id, detect: sub?.id });
    // and the attempts say ONVIF was not there and the Reolink paths answered
    expect(answer.attempts[0]).toMatchObject({ method: 'onvif', outcome: 'unreachable' });
    expect(answer.attempts.filter((a) => a.outcome === 'found').map((a) => a.target)).toEqual([
      '/h264Preview_01_main',
      '/h264Preview_01_sub',
    ]);
    // and the password is nowhere in the answer, nor in the log
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENCODED);
    expect(homesec.logs.text()).not.toContain(PASSWORD);
    expect(homesec.logs.text()).not.toContain(ENCODED);
  }, 30_000);

  it('asks the ONVIF device service first and reads the streams it lists, at paths no brand uses', async () => {
    // Given a camera whose ONVIF service lists two profiles on non-brand paths
    // When the wizard probes it with the right login
    const { text, answer } = await probe({
      host: '127.0.0.1',
      username: 'admin',
      password: PASSWORD,
      onvifPort: onvif.port,
      rtspPort: onvifCamera.port,
    });

    // Then the ONVIF service was asked with the login (WS-Security digest) and both profiles' streams were read
    expect(answer.problem).toBeNull();
    expect(answer.attempts[0]).toMatchObject({ method: 'onvif', target: onvif.deviceServiceUrl, outcome: 'found' });
    expect(onvif.calls.map((c) => c.operation)).toEqual(expect.arrayContaining(['GetSystemDateAndTime', 'GetProfiles', 'GetStreamUri']));
    expect(onvif.calls.filter((c) => c.operation === 'GetProfiles').every((c) => c.username === 'admin' && c.authorized)).toBe(true);
    expect(answer.streams.map((s) => ({ method: s.method, label: s.label, url: s.url, w: s.width, h: s.height }))).toEqual([
      { method: 'onvif', label: 'mainStream', url: onvifCamera.urlAt('/media/profile_one'), w: 640, h: 360 },
      { method: 'onvif', label: 'subStream', url: onvifCamera.urlAt('/media/profile_two'), w: 320, h: 180 },
    ]);
    expect(answer.streams.every((s) => s.codec === 'h264' && s.snapshot?.startsWith('data:image/jpeg;base64,'))).toBe(true);
    // and no brand path was tried (ONVIF found them)
    expect(answer.attempts.map((a) => a.method)).toEqual(['onvif']);
    expect(answer.recommended).toEqual({ record: answer.streams[0]?.id, detect: answer.streams[1]?.id });
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENCODED);
  }, 30_000);

  it('says the camera refused the login on a wrong password, over ONVIF and RTSP, and logs neither password', async () => {
    // Given the ONVIF camera and the Reolink camera, both with a login
    // When the wizard probes each with a wrong password
    const viaOnvif = await probe({
      host: '127.0.0.1',
      username: 'admin',
      password: WRONG,
      onvifPort: onvif.port,
      rtspPort: onvifCamera.port,
    });
    const viaRtsp = await probe({ host: '127.0.0.1', username: 'admin', password: WRONG, onvifPort: closedPort, rtspPort: reolink.port });

    // Then both answers say so in words the user can act on, and list nothing
    for (const { answer } of [viaOnvif, viaRtsp]) {
      expect(answer.streams).toEqual([]);
      expect(answer.recommended).toBeNull();
      expect(answer.problem?.code).toBe('unauthorized');
      expect(answer.problem?.message).toMatch(/refused the user name or password/);
    }
    // and the ONVIF service answered NotAuthorized, the Reolink paths 401
    expect(viaOnvif.answer.attempts[0]).toMatchObject({
      method: 'onvif',
      outcome: 'unauthorized',
      detail: 'the camera refused the user name or password',
    });
    expect(viaRtsp.answer.attempts.filter((a) => a.method === 'Reolink').map((a) => a.outcome)).toEqual(['unauthorized', 'unauthorized']);
    // and neither password is in the answers or anywhere in the log
    for (const secret of [WRONG, PASSWORD, ENCODED]) {
      expect(viaOnvif.text).not.toContain(secret);
      expect(viaRtsp.text).not.toContain(secret);
      expect(homesec.logs.text()).not.toContain(secret);
    }
  }, 30_000);

  it('says nothing answers when nothing listens at the address', async () => {
    // Given two ports nothing listens on
    const rtspPort = await freePort();

    // When the wizard probes them
    const { answer } = await probe({ host: '127.0.0.1', username: 'admin', password: WRONG, onvifPort: closedPort, rtspPort });

    // Then the answer says nothing answers there (ONVIF refused, the RTSP port refused: no path was tried)
    expect(answer.streams).toEqual([]);
    expect(answer.problem?.code).toBe('unreachable');
    expect(answer.problem?.message).toContain('127.0.0.1');
    expect(answer.attempts.map((a) => [a.method, a.outcome])).toEqual([
      ['onvif', 'unreachable'],
      ['rtsp', 'unreachable'],
    ]);
  }, 15_000);

  it('refuses a probe body that is not an address and login (400), before trying anything', async () => {
    // When the host carries a scheme and path, or a port is out of range
    const withScheme = await probe({ host: 'rtsp://127.0.0.1/cam', username: 'admin', password: PASSWORD });
    const badPort = await probe({ host: '127.0.0.1', rtspPort: 70_000 });

    // Then both are refused, the password not echoed
    expect([withScheme.status, badPort.status]).toEqual([400, 400]);
    expect(withScheme.text).not.toContain(PASSWORD);
  });
});

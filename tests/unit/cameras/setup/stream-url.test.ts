import { describe, expect, it } from 'vitest';
import { cameraEntry } from '../../../../server/src/cameras/setup/camera-entry.js';
import { rtspUrl, withCredentials, withoutCredentials } from '../../../../server/src/cameras/setup/stream-url.js';

describe('RTSP URLs with and without the login', () => {
  it('builds a URL from host, port and path, IPv6 in brackets', () => {
    // Given a host (a name, IPv6 bare or bracketed), a port and a path; When built; Then the URL reads as ffmpeg wants it
    expect(rtspUrl('192.168.1.20', 554, '/stream1')).toBe('rtsp://192.168.1.20:554/stream1');
    expect(rtspUrl('fe80::1', 8554, '/cam/realmonitor?channel=1&subtype=0')).toBe(
      'rtsp://[fe80::1]:8554/cam/realmonitor?channel=1&subtype=0',
    );
    expect(rtspUrl('[fe80::1]', 554, '/')).toBe('rtsp://[fe80::1]:554/');
  });

  it('puts the login in percent-encoded, so @ : / in a password cannot end the user info', () => {
    // Given a URL and a login; When the login is put in; Then each part is encoded, and no user name means no login
    expect(withCredentials('rtsp://cam:554/h264Preview_01_main', 'admin', 'p@ss:w/rd')).toBe(
      'rtsp://admin:p%40ss%3Aw%2Frd@cam:554/h264Preview_01_main',
    );
    expect(withCredentials('rtsp://cam:554/x', 'viewer', '')).toBe('rtsp://viewer@cam:554/x');
    expect(withCredentials('rtsp://cam:554/x', '', 'ignored')).toBe('rtsp://cam:554/x');
  });

  it('replaces a login a URL already has, and takes one out', () => {
    // Given URLs with a login; When it is replaced or taken out; Then only the user info changes
    expect(withCredentials('rtsp://old:pw@cam:554/x', 'admin', 'new')).toBe('rtsp://admin:new@cam:554/x');
    expect(withoutCredentials('rtsp://admin:pw@cam:554/x?user=a@b')).toBe('rtsp://cam:554/x?user=a@b');
    expect(withoutCredentials('rtsp://cam:554/x')).toBe('rtsp://cam:554/x');
  });
});

describe('the camera entry written to the config', () => {
  it('writes an RTSP camera with its login in both URLs, under the flat keys the add-on and the YAML file share', () => {
    // Given the wizard's save of an RTSP camera; When it becomes a config entry; Then both URLs carry the encoded login
    expect(
      cameraEntry({
        source: 'rtsp',
        name: 'driveway',
        url: 'rtsp://cam:554/Streaming/Channels/101',
        detectUrl: 'rtsp://cam:554/Streaming/Channels/102',
        username: 'admin',
        password: 'a b',
      }),
    ).toEqual({
      name: 'driveway',
      source: 'rtsp',
      url: 'rtsp://admin:a%20b@cam:554/Streaming/Channels/101',
      detect_url: 'rtsp://admin:a%20b@cam:554/Streaming/Channels/102',
    });
  });

  it('leaves detect_url out when there is no sub-stream, or it is the main one', () => {
    // Given a save without a sub-stream, or with the main one as it; When it becomes an entry; Then there is no detect_url
    const base = { source: 'rtsp', name: 'porch', url: 'rtsp://cam:554/stream1', username: '', password: '' } as const;
    expect(cameraEntry({ ...base, detectUrl: null })).toEqual({ name: 'porch', source: 'rtsp', url: 'rtsp://cam:554/stream1' });
    expect(cameraEntry({ ...base, detectUrl: 'rtsp://cam:554/stream1' })).toEqual({
      name: 'porch',
      source: 'rtsp',
      url: 'rtsp://cam:554/stream1',
    });
  });

  it('writes FTP and folder cameras with only what they need', () => {
    // Given FTP and folder saves; When they become entries; Then they hold name, source (and the FTP password)
    expect(cameraEntry({ source: 'ftp', name: 'garage', password: 'long-enough' })).toEqual({
      name: 'garage',
      source: 'ftp',
      password: 'long-enough',
    });
    expect(cameraEntry({ source: 'folder', name: 'porch' })).toEqual({ name: 'porch', source: 'folder' });
  });
});

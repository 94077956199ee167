import { parseConfigSection } from '../../../../server/src/config/schema.js';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CameraConfigSchema, type FtpCameraConfig } from '../../../../server/src/config/sections/camera-config.js';
import { FtpConfigSchema, ftpLoginProblems } from '../../../../server/src/config/sections/ftp-config.js';
import { FtpAccounts } from '../../../../server/src/sources/ftp/ftp-accounts.js';
import { passiveAddressFor } from '../../../../server/src/sources/ftp/passive-address.js';
import { UploadNames } from '../../../../server/src/sources/ftp/upload-names.js';

const iface = (address: string, netmask: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask,
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});

describe('passiveAddressFor', () => {
  const interfaces = {
    lo: [iface('127.0.0.1', '255.0.0.0', true)],
    eth0: [iface('10.0.0.5', '255.255.255.0')],
    eth1: [iface('192.168.1.20', '255.255.255.0')],
  };

  it('answers with the server address on the camera subnet', () => {
    // Given/When/Then: a camera on 192.168.1.x gets the 192.168.1.x address of this host
    expect(passiveAddressFor('::ffff:192.168.1.77', '', interfaces)).toBe('192.168.1.20');
    expect(passiveAddressFor('10.0.0.9', '', interfaces)).toBe('10.0.0.5');
  });

  it('uses the configured address when there is one, loopback for local clients, else the first LAN address', () => {
    // Given/When/Then
    expect(passiveAddressFor('192.168.1.77', '203.0.113.4', interfaces)).toBe('203.0.113.4');
    expect(passiveAddressFor('127.0.0.1', '', interfaces)).toBe('127.0.0.1');
    expect(passiveAddressFor('172.16.0.3', '', interfaces)).toBe('10.0.0.5');
  });
});

describe('UploadNames', () => {
  const names = new UploadNames(['mp4', '.MKV', '264']);

  it('tells videos, names awaiting a rename and everything else apart', () => {
    // Given/When/Then
    expect(names.kindOf('a/Clip.MP4')).toBe('video');
    expect(names.kindOf('ch1.264')).toBe('video');
    expect(names.kindOf('x.mkv')).toBe('video');
    expect(names.kindOf('clip.mp4.tmp')).toBe('pending_rename');
    expect(names.kindOf('snap.jpg')).toBe('ignored');
    expect(names.kindOf('noext')).toBe('ignored');
    expect(names.kindOf('.hidden.mp4')).toBe('ignored');
  });
});

describe('FtpAccounts', () => {
  const camera = (c: Record<string, unknown>) => parseConfigSection(CameraConfigSchema, { source: 'ftp', ...c }) as FtpCameraConfig;

  it('logs a camera in by its user name (default: its name) and password', () => {
    // Given two cameras, one with its own user name
    const accounts = new FtpAccounts([
      camera({ name: 'porch', password: 'p1' }),
      camera({ name: 'yard', username: 'cam2', password: 'p2' }),
    ]);

    // When/Then
    expect(accounts.check('porch', 'p1')).toEqual({ ok: true, camera: 'porch' });
    expect(accounts.check('cam2', 'p2')).toEqual({ ok: true, camera: 'yard' });
    expect(accounts.check('yard', 'p2')).toEqual({ ok: false, reason: 'unknown user' });
    expect(accounts.check('porch', 'p2')).toEqual({ ok: false, reason: 'wrong password' });
  });

  it('refuses a camera without a password', () => {
    // Given/When/Then
    expect(new FtpAccounts([camera({ name: 'porch' })]).check('porch', 'x')).toEqual({
      ok: false,
      reason: 'camera porch has no FTP password set (cameras[].password)',
    });
  });
});

describe('ftp config', () => {
  it('has working defaults', () => {
    // Given/When an empty section, Then the documented defaults apply
    expect(FtpConfigSchema.parse(undefined)).toMatchObject({
      host: '0.0.0.0',
      port: 2121,
      passive_port_min: 30000,
      passive_port_max: 30009,
      passive_url: '',
      max_upload_mb: 500,
    });
  });

  it('refuses an inverted passive range and a host name as passive_url', () => {
    // Given/When/Then
    expect(FtpConfigSchema.safeParse({ passive_port_min: 31000, passive_port_max: 30000 }).success).toBe(false);
    expect(FtpConfigSchema.safeParse({ passive_url: 'nas.local' }).success).toBe(false);
  });

  it('reports two FTP cameras sharing a login', () => {
    // Given/When/Then: the default user name is the camera name
    expect(
      ftpLoginProblems([
        { name: 'a', source: 'ftp' },
        { name: 'b', source: 'ftp', username: 'a' },
        { name: 'c', source: 'folder' },
      ]),
    ).toEqual([{ path: ['cameras', 1, 'username'], message: 'FTP user "a" is already used by cameras[0]' }]);
  });
});

import type { CameraProbeBody } from '../../camera-setup-contract';

/** The network camera's address and login as typed (ports as text until sent). */
export interface CameraLogin {
  readonly host: string;
  readonly username: string;
  readonly password: string;
  readonly onvifPort: string;
  readonly rtspPort: string;
}

export const EMPTY_LOGIN: CameraLogin = { host: '', username: '', password: '', onvifPort: '80', rtspPort: '554' };

/** A port as typed, or null when it is not one. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** `host:port` -> `host`, `[::1]:80` -> `[::1]`; a bare IPv6 address (several colons) is left whole. */
function withoutPort(address: string): string {
  const bracketed = /^(\[[^\]]+\])(?::\d+)?$/.exec(address);
  if (bracketed?.[1]) return bracketed[1];
  return address.split(':').length === 2 ? address.replace(/:\d*$/, '') : address;
}

/**
 * The probe's body, or what is wrong with the form in words. The address is taken as typed, less a scheme,
 * login or path pasted with it (`rtsp://admin@192.168.1.20:554/stream` -> `192.168.1.20`): the wizard asks the
 * camera itself on its own ports.
 */
export function probeBody(login: CameraLogin): { readonly body: CameraProbeBody } | { readonly problem: string } {
  const address = login.host
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^[^@/]*@/, '')
    .replace(/[/?#].*$/, '');
  const host = withoutPort(address);
  if (host === '') return { problem: 'Type the camera’s address: its IP address (such as 192.168.1.20) or host name.' };
  const onvifPort = parsePort(login.onvifPort);
  const rtspPort = parsePort(login.rtspPort);
  if (onvifPort === null || rtspPort === null) return { problem: 'Ports are whole numbers from 1 to 65535.' };
  return { body: { host, username: login.username, password: login.password, onvifPort, rtspPort } };
}

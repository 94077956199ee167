/** RTSP URLs for the wizard: built from host, port and path, and with the login put in or taken out. */

/** A host as it goes into a URL: an IPv6 address in brackets, anything else as typed. */
export function urlHost(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare.includes(':') ? `[${bare}]` : bare;
}

/** The host without IPv6 brackets, as a socket connects to it. */
export function bareHost(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}

export function rtspUrl(host: string, port: number, path: string): string {
  return `rtsp://${urlHost(host)}:${port}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * The URL with the login in it, each part percent-encoded (ffmpeg decodes them), so a password with
 * `@`, `:` or `/` in it cannot end the user info early. No user name: the URL as it is.
 */
export function withCredentials(url: string, username: string, password: string): string {
  const bare = withoutCredentials(url);
  if (username === '') return bare;
  const login = password === '' ? encodeURIComponent(username) : `${encodeURIComponent(username)}:${encodeURIComponent(password)}`;
  return bare.replace(/^([a-z][a-z0-9+.-]*:\/\/)/i, `$1${login}@`);
}

/** The URL without any user info (an ONVIF camera may give its stream URI with one). */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

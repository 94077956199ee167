// Credentials in URLs (rtsp://user:pass@host, postgres://user:pass@host) must never reach a log or an API answer.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+)(:[^/@\s]*)?@/gi;
// Home Assistant's stream URLs carry an access token in their path: /api/hls/<token>/master_playlist.m3u8.
const HA_STREAM_TOKEN = /(\/api\/hls\/)[^/\s"'?]+/g;

export function redactUrlCredentials(text: string): string {
  return text
    .replace(URL_CREDENTIALS, (_m, scheme: string, user: string, pass: string | undefined) =>
      pass === undefined ? `${scheme}${user}@` : `${scheme}${user}:***@`,
    )
    .replace(HA_STREAM_TOKEN, '$1***');
}

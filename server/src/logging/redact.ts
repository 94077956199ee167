// Credentials in URLs (rtsp://user:pass@host, postgres://user:pass@host) must never reach a log or an API answer.
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]+)(:[^/@\s]*)?@/gi;

export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_m, scheme: string, user: string, pass: string | undefined) =>
    pass === undefined ? `${scheme}${user}@` : `${scheme}${user}:***@`,
  );
}

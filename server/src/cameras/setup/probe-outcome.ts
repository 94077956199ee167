import type { CameraProbeResponse, ProbeAttempt } from '../../http/camera-setup-contract.js';
import { redactUrlCredentials } from '../../logging/redact.js';
import { UNIFI_HINT } from './brand-paths.js';

export type ProbeOutcome = ProbeAttempt['outcome'];

/** Why one try did not find a stream, in words the wizard shows; never with the login. */
export interface ProbeFailure {
  readonly outcome: Exclude<ProbeOutcome, 'found'>;
  readonly detail: string;
}

export const REFUSED_LOGIN = 'the camera refused the user name or password';

/**
 * How an ffprobe or ffmpeg run against an RTSP URL failed, from its exit (`timedOut`: killed at our
 * time limit) and the end of its stderr. ffmpeg 5 to 7 word the answers the same way:
 * "method DESCRIBE failed: 401 Unauthorized", "Connection refused", "Connection timed out".
 */
export function classifyRtspFailure(stderr: string, timedOut: boolean, secrets: readonly string[]): ProbeFailure {
  // Read without the URL's login: a password such as "401" must not look like the camera's answer.
  const clean = redactUrlCredentials(stderr);
  const text = clean.toLowerCase();
  if (/\b401\b|unauthori[sz]ed|authorization failed/.test(text)) return { outcome: 'unauthorized', detail: REFUSED_LOGIN };
  if (/\b404\b|not found|\b454\b|session not found/.test(text) && !/name or service not known/.test(text))
    return { outcome: 'not_found', detail: 'the camera has no stream at this path' };
  if (/connection refused/.test(text)) return { outcome: 'unreachable', detail: 'nothing accepts connections on this port' };
  if (/no route to host|network is unreachable|host is unreachable/.test(text))
    return { outcome: 'unreachable', detail: 'no route to this address' };
  if (/name or service not known|temporary failure in name resolution|no address associated|failed to resolve/.test(text))
    return { outcome: 'unreachable', detail: 'this host name is unknown' };
  if (timedOut || /timed out|timeout/.test(text)) return { outcome: 'timeout', detail: 'the camera did not answer in time' };
  return { outcome: 'error', detail: `the stream could not be read: ${scrub(lastLine(clean), secrets) || 'no reason given'}` };
}

/** How the ONVIF client's call failed: its error (a Node socket error or a SOAP fault) and the last HTTP status seen. */
export function classifyOnvifFailure(
  error: { message: string; code?: string },
  status: number | null,
  secrets: readonly string[],
): ProbeFailure {
  const code = error.code ?? '';
  const message = error.message;
  if (code === 'ECONNREFUSED') return { outcome: 'unreachable', detail: 'nothing accepts connections on the ONVIF port' };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { outcome: 'unreachable', detail: 'no route to this address' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { outcome: 'unreachable', detail: 'this host name is unknown' };
  if (code === 'ETIMEDOUT' || /network timeout|timed out/i.test(message))
    return { outcome: 'timeout', detail: 'the ONVIF service did not answer in time' };
  if (status === 401 || /not ?authori[sz]ed|authentication failed|unauthori[sz]ed/i.test(message))
    return { outcome: 'unauthorized', detail: REFUSED_LOGIN };
  if (/authentication headers not found/i.test(message))
    return { outcome: 'error', detail: 'the ONVIF service asks for a login ONVIF clients do not use (HTTP Basic)' };
  if (status === 404) return { outcome: 'not_found', detail: 'no ONVIF service at this port' };
  if (/wrong onvif soap response|non-whitespace before first tag|unexpected close tag|invalid character/i.test(message))
    return { outcome: 'not_found', detail: 'something answers on this port, but not an ONVIF service' };
  // The client reads the answer's parts without checking them: a TypeError is an answer of a shape it did not expect.
  if (error instanceof TypeError) return { outcome: 'error', detail: 'the ONVIF service gave an answer HomeSec could not read' };
  return { outcome: 'error', detail: `the ONVIF service answered with an error: ${scrub(message, secrets)}` };
}

/**
 * Why nothing was found, when nothing was: a refused login anywhere says most (the camera is there);
 * nothing answering at all means a wrong address or port; anything else, the camera answered without
 * a stream we could find.
 */
export function probeProblem(
  attempts: readonly ProbeAttempt[],
  foundStreams: number,
  where: { readonly host: string; readonly onvifPort: number; readonly rtspPort: number },
): CameraProbeResponse['problem'] {
  if (foundStreams > 0) return null;
  if (attempts.some((a) => a.outcome === 'unauthorized'))
    return {
      code: 'unauthorized',
      message: `The camera refused the user name or password. Check them in the camera's app or web page; some cameras need a separate RTSP or ONVIF user turned on there.`,
    };
  if (attempts.every((a) => a.outcome === 'unreachable' || a.outcome === 'timeout'))
    return {
      code: 'unreachable',
      message: `Nothing answers at ${where.host} (ONVIF port ${where.onvifPort}, RTSP port ${where.rtspPort}). Check the address, that the camera is on and on this network, and its ports.`,
    };
  return {
    code: 'nothing_found',
    message: `The camera answers, but no stream was found over ONVIF or at the usual RTSP paths. Turn on RTSP or ONVIF in the camera's settings, or look up its stream URL. ${UNIFI_HINT}.`,
  };
}

/** The password as it may show up in a tool's or a camera's words: plain, and percent-encoded as it goes into URLs. */
export function passwordForms(password: string): string[] {
  return password === '' ? [] : [password, encodeURIComponent(password)];
}

/** A line from a tool or a camera, safe to show: URL logins and the password itself (plain or encoded) replaced, and short. */
export function scrub(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets).trim().slice(0, 200);
}

function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = redactUrlCredentials(text);
  for (const secret of secrets) if (secret !== '') out = out.split(secret).join('***');
  return out;
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .pop() ?? ''
  );
}

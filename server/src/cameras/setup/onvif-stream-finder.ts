import onvif, { type Cam } from 'onvif';
import { err, ok, type Result } from '../../core/result.js';
import { classifyOnvifFailure, type ProbeFailure } from './probe-outcome.js';
import { bareHost, withoutCredentials } from './stream-url.js';

/** One media profile's stream, as the camera's ONVIF media service names it. */
export interface OnvifStream {
  /** The profile's name (`mainStream`, `Profile_1`), else its token. */
  readonly name: string;
  /** The RTSP URI the camera gives for it, without credentials. */
  readonly uri: string;
}

export interface OnvifTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
}

/** A profile as the client lists it: the parts read here (the library's own types say `any`). */
interface ClientProfile {
  readonly $?: { readonly token?: unknown };
  readonly name?: unknown;
}

type Callback<T> = (error: (Error & { code?: string }) | null, value?: T) => void;

// A camera lists a profile per stream and often more (JPEG, audio-only, a third stream): four is plenty.
const MAX_PROFILES = 4;

/**
 * The only user of the `onvif` client: asks the camera's device service at
 * http://host:port/onvif/device_service for its media profiles and each one's RTSP stream URI, as
 * ONVIF Profile S (and T, Media2) defines them. The calls are made one by one rather than through
 * the client's `connect()`, whose start-up also picks "active sources" and throws on profiles it
 * does not understand. Each request has `requestTimeoutMs`; the whole search, `totalTimeoutMs`.
 */
export async function findOnvifStreams(
  target: OnvifTarget,
  limits: { readonly requestTimeoutMs: number; readonly totalTimeoutMs: number },
  secrets: readonly string[],
): Promise<Result<OnvifStream[], ProbeFailure>> {
  const cam = new onvif.Cam({
    hostname: bareHost(target.host),
    port: target.port,
    username: target.username,
    password: target.password,
    timeout: limits.requestTimeoutMs,
    autoconnect: false,
  });
  // The client's errors leave out the HTTP status (a 404 from a web server that is not ONVIF); its raw responses have it.
  let lastStatus: number | null = null;
  cam.on('rawResponse', (_xml: string, status: number) => (lastStatus = status));
  cam.on('warning', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Result<OnvifStream[], ProbeFailure>>((resolve) => {
    timer = setTimeout(
      () => resolve(err({ outcome: 'timeout', detail: 'the ONVIF service did not answer in time' })),
      limits.totalTimeoutMs,
    );
  });
  const search = askCamera(cam).then(
    (streams) =>
      streams.length > 0 ? ok(streams) : err<ProbeFailure>({ outcome: 'not_found', detail: 'the ONVIF service lists no RTSP stream' }),
    (e: unknown) => err(classifyOnvifFailure(asError(e), lastStatus, secrets)),
  );
  try {
    return await Promise.race([search, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function askCamera(cam: Cam): Promise<OnvifStream[]> {
  // The camera's clock first: the login digest is stamped with the camera's time.
  await call<Date>((cb) => cam.getSystemDateAndTime(cb));
  // GetServices finds the media services; older cameras only know GetCapabilities.
  try {
    await call((cb) => cam.getServices(true, cb));
  } catch {
    await call((cb) => cam.getCapabilities(cb));
  }
  const uri = cam.uri ?? {};
  if (!uri.media && !(cam.media2Support && (uri as { media2?: unknown }).media2)) throw new Error('the camera has no ONVIF media service');
  let profiles: ClientProfile[];
  try {
    profiles = await call<ClientProfile[]>((cb) => cam.getProfiles(cb));
  } catch (e) {
    // Some cameras announce Media2 but do not answer it: Media1 then (as the client's own connect does).
    if (!cam.media2Support || !uri.media) throw e;
    cam.media2Support = false;
    profiles = await call<ClientProfile[]>((cb) => cam.getProfiles(cb));
  }
  const streams: OnvifStream[] = [];
  for (const profile of (Array.isArray(profiles) ? profiles : [profiles]).slice(0, MAX_PROFILES)) {
    const token = typeof profile.$?.token === 'string' ? profile.$.token : null;
    if (!token) continue;
    const answer = await call<{ uri?: unknown }>((cb) => cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, cb));
    const streamUri = typeof answer?.uri === 'string' ? answer.uri.trim() : '';
    if (!/^rtsps?:\/\//i.test(streamUri)) continue;
    const clean = withoutCredentials(streamUri);
    if (streams.some((s) => s.uri === clean)) continue;
    streams.push({ name: typeof profile.name === 'string' && profile.name !== '' ? profile.name : token, uri: clean });
  }
  return streams;
}

/** One client call as a promise that settles once (the client can call back twice when its own callback throws). */
function call<T = unknown>(start: (cb: Callback<T>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    try {
      start((error, value) => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve(value as T);
      });
    } catch (e) {
      if (!settled) reject(asError(e));
      settled = true;
    }
  });
}

function asError(e: unknown): Error & { code?: string } {
  return e instanceof Error ? e : new Error(String(e));
}

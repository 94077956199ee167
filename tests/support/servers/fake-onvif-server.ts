import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One media profile of the fake camera, as GetProfiles lists it and GetStreamUri answers for it. */
export interface FakeOnvifProfile {
  readonly token: string;
  /** The profile's name (`mainStream`, `subStream`), what the wizard labels the stream with. */
  readonly name: string;
  /** The stream URI GetStreamUri gives for this profile (rtsp://..., without credentials as cameras give it). */
  readonly streamUri: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** As ONVIF spells it: `H264`, `H265`, `JPEG`. */
  readonly encoding?: string;
}

export interface FakeOnvifOptions {
  readonly profiles: readonly FakeOnvifProfile[];
  /** The camera's login, checked on every call but GetSystemDateAndTime (WS-Security UsernameToken, PasswordDigest). Absent: none asked. */
  readonly login?: { readonly username: string; readonly password: string };
  /** A JPEG GetSnapshotUri points at (served at /snapshot.jpg); absent: that URL answers 404. */
  readonly snapshotJpeg?: Buffer;
}

/** One SOAP call the fake camera received. */
export interface OnvifCall {
  /** The HTTP path (`/onvif/device_service`, `/onvif/media_service`). */
  readonly path: string;
  /** The body's operation (`GetProfiles`). */
  readonly operation: string;
  /** The UsernameToken's user, null when the call had none. */
  readonly username: string | null;
  /** Whether the login was accepted (true too when none is asked). */
  readonly authorized: boolean;
  readonly body: string;
}

export interface FakeOnvifServer {
  readonly port: number;
  /** http://127.0.0.1:<port>/onvif/device_service */
  readonly deviceServiceUrl: string;
  readonly calls: OnvifCall[];
  close(): Promise<void>;
}

const DEVICE_PATH = '/onvif/device_service';
const MEDIA_PATH = '/onvif/media_service';
const NAMESPACES =
  'xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" ' +
  'xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:ter="http://www.onvif.org/ver10/error"';

/**
 * A real HTTP server on 127.0.0.1 that answers SOAP as an ONVIF Profile S camera's device and media
 * services do, for what the `onvif` client asks: GetSystemDateAndTime (without a login, as the spec
 * allows), GetServices, GetCapabilities, GetDeviceInformation, GetProfiles, GetVideoSources,
 * GetStreamUri and GetSnapshotUri. The login is a WS-Security UsernameToken with a PasswordDigest
 * (Base64(SHA-1(nonce + created + password))); a wrong or missing one gets the ONVIF NotAuthorized fault.
 */
export async function startFakeOnvifServer(options: FakeOnvifOptions): Promise<FakeOnvifServer> {
  const calls: OnvifCall[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (req.method === 'GET' && path === '/snapshot.jpg' && options.snapshotJpeg) {
          res.writeHead(200, { 'content-type': 'image/jpeg' }).end(options.snapshotJpeg);
          return;
        }
        if (req.method !== 'POST' || (path !== DEVICE_PATH && path !== MEDIA_PATH)) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
          return;
        }
        const operation = /<(?:[\w-]+:)?Body\b[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(body)?.[1] ?? '';
        const token = usernameToken(body);
        const authorized = operation === 'GetSystemDateAndTime' || !options.login || loginMatches(token, options.login);
        calls.push({ path, operation, username: token?.username ?? null, authorized, body });
        const send = (status: number, inner: string) =>
          res
            .writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' })
            .end(
              `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope ${NAMESPACES}><SOAP-ENV:Body>${inner}</SOAP-ENV:Body></SOAP-ENV:Envelope>`,
            );
        // ONVIF Core 5.9.1: a refused WS-Security header is a 400 with the NotAuthorized fault.
        if (!authorized) return send(400, fault('SOAP-ENV:Sender', 'ter:NotAuthorized', 'Sender not Authorized'));
        const answer = answerFor(operation, body, base, options);
        if (answer === null) return send(400, fault('SOAP-ENV:Receiver', 'ter:ActionNotSupported', `${operation} is not supported`));
        send(200, answer);
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    port,
    deviceServiceUrl: `${base}${DEVICE_PATH}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerFor(operation: string, body: string, base: string, options: FakeOnvifOptions): string | null {
  switch (operation) {
    case 'GetSystemDateAndTime':
      return systemDateAndTime(new Date());
    case 'GetServices':
      return (
        '<tds:GetServicesResponse>' +
        service('http://www.onvif.org/ver10/device/wsdl', `${base}${DEVICE_PATH}`) +
        service('http://www.onvif.org/ver10/media/wsdl', `${base}${MEDIA_PATH}`) +
        '</tds:GetServicesResponse>'
      );
    case 'GetCapabilities':
      return (
        '<tds:GetCapabilitiesResponse><tds:Capabilities>' +
        `<tt:Device><tt:XAddr>${base}${DEVICE_PATH}</tt:XAddr></tt:Device>` +
        `<tt:Media><tt:XAddr>${base}${MEDIA_PATH}</tt:XAddr><tt:StreamingCapabilities><tt:RTPMulticast>false</tt:RTPMulticast>` +
        '<tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media>' +
        '</tds:Capabilities></tds:GetCapabilitiesResponse>'
      );
    case 'GetDeviceInformation':
      return (
        '<tds:GetDeviceInformationResponse><tds:Manufacturer>HomeSec</tds:Manufacturer><tds:Model>Fake ONVIF camera</tds:Model>' +
        '<tds:FirmwareVersion>1.0</tds:FirmwareVersion><tds:SerialNumber>0001</tds:SerialNumber><tds:HardwareId>fake</tds:HardwareId>' +
        '</tds:GetDeviceInformationResponse>'
      );
    case 'GetProfiles':
      return `<trt:GetProfilesResponse>${options.profiles.map(profileXml).join('')}</trt:GetProfilesResponse>`;
    case 'GetVideoSources': {
      const first = options.profiles[0];
      return (
        '<trt:GetVideoSourcesResponse><trt:VideoSources token="video_source_1">' +
        `<tt:Framerate>${first?.fps ?? 0}</tt:Framerate>` +
        `<tt:Resolution><tt:Width>${first?.width ?? 0}</tt:Width><tt:Height>${first?.height ?? 0}</tt:Height></tt:Resolution>` +
        '</trt:VideoSources></trt:GetVideoSourcesResponse>'
      );
    }
    case 'GetStreamUri': {
      const profile = profileOf(body, options.profiles);
      return profile
        ? `<trt:GetStreamUriResponse>${mediaUri(profile.streamUri)}</trt:GetStreamUriResponse>`
        : fault('SOAP-ENV:Sender', 'ter:NoProfile', 'no such profile');
    }
    case 'GetSnapshotUri': {
      const profile = profileOf(body, options.profiles);
      return profile
        ? `<trt:GetSnapshotUriResponse>${mediaUri(`${base}/snapshot.jpg`)}</trt:GetSnapshotUriResponse>`
        : fault('SOAP-ENV:Sender', 'ter:NoProfile', 'no such profile');
    }
    default:
      return null;
  }
}

function systemDateAndTime(now: Date): string {
  return (
    '<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>' +
    '<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone><tt:UTCDateTime>' +
    `<tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time>` +
    `<tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date>` +
    '</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>'
  );
}

function service(namespace: string, xaddr: string): string {
  return (
    `<tds:Service><tds:Namespace>${namespace}</tds:Namespace><tds:XAddr>${xaddr}</tds:XAddr>` +
    '<tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>'
  );
}

function profileXml(p: FakeOnvifProfile): string {
  return (
    `<trt:Profiles token="${escapeXml(p.token)}" fixed="true"><tt:Name>${escapeXml(p.name)}</tt:Name>` +
    '<tt:VideoSourceConfiguration token="video_source_config_1"><tt:Name>VideoSourceConfig</tt:Name><tt:UseCount>2</tt:UseCount>' +
    `<tt:SourceToken>video_source_1</tt:SourceToken><tt:Bounds x="0" y="0" width="${p.width}" height="${p.height}"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="encoder_${escapeXml(p.token)}"><tt:Name>${escapeXml(p.name)}</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>${p.encoding ?? 'H264'}</tt:Encoding><tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>` +
    '<tt:BitrateLimit>1024</tt:BitrateLimit></tt:RateControl></tt:VideoEncoderConfiguration></trt:Profiles>'
  );
}

function mediaUri(uri: string): string {
  return (
    `<trt:MediaUri><tt:Uri>${escapeXml(uri)}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect>` +
    '<tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri>'
  );
}

function profileOf(body: string, profiles: readonly FakeOnvifProfile[]): FakeOnvifProfile | undefined {
  const token = /<(?:[\w-]+:)?ProfileToken>([^<]*)</.exec(body)?.[1];
  return profiles.find((p) => p.token === token);
}

function fault(code: string, subcode: string, reason: string): string {
  return (
    `<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>${code}</SOAP-ENV:Value><SOAP-ENV:Subcode><SOAP-ENV:Value>${subcode}</SOAP-ENV:Value>` +
    `</SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason><SOAP-ENV:Text xml:lang="en">${escapeXml(reason)}</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>`
  );
}

interface UsernameToken {
  readonly username: string;
  readonly digest: string;
  readonly nonce: string;
  readonly created: string;
}

function usernameToken(body: string): UsernameToken | null {
  const field = (name: string) => new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([^<]*)</`).exec(body)?.[1];
  const username = field('Username');
  const digest = field('Password');
  const nonce = field('Nonce');
  const created = field('Created');
  return username !== undefined && digest !== undefined && nonce !== undefined && created !== undefined
    ? { username, digest, nonce, created }
    : null;
}

/** WS-Security UsernameToken Profile 1.0: PasswordDigest = Base64(SHA-1(nonce bytes + created + password)). */
function loginMatches(token: UsernameToken | null, login: { readonly username: string; readonly password: string }): boolean {
  if (!token || token.username !== login.username) return false;
  const expected = createHash('sha1')
    .update(Buffer.concat([Buffer.from(token.nonce, 'base64'), Buffer.from(token.created, 'utf8'), Buffer.from(login.password, 'utf8')]))
    .digest('base64');
  return expected === token.digest;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

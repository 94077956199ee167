/**
 * The RTSP paths common camera brands serve their streams on, tried in this order when the camera does
 * not answer over ONVIF. `main` is the full-size stream, `sub` the small one most cameras also send.
 * The paths are relative to the RTSP port the user gives (554 on most cameras).
 */
export interface BrandPath {
  /** `main`, `sub`, or for the generic paths the path itself. */
  readonly label: string;
  /** The path and query after host:port, starting with `/`. */
  readonly path: string;
}

export interface CameraBrand {
  /** The name shown in the wizard's list of attempts. */
  readonly method: string;
  readonly paths: readonly BrandPath[];
}

export const BRAND_PATHS: readonly CameraBrand[] = [
  {
    method: 'Reolink',
    paths: [
      { label: 'main', path: '/h264Preview_01_main' },
      { label: 'sub', path: '/h264Preview_01_sub' },
    ],
  },
  {
    method: 'Hikvision',
    paths: [
      { label: 'main', path: '/Streaming/Channels/101' },
      { label: 'sub', path: '/Streaming/Channels/102' },
    ],
  },
  {
    method: 'Dahua/Amcrest',
    paths: [
      { label: 'main', path: '/cam/realmonitor?channel=1&subtype=0' },
      { label: 'sub', path: '/cam/realmonitor?channel=1&subtype=1' },
    ],
  },
  {
    method: 'Tapo',
    paths: [
      { label: 'main', path: '/stream1' },
      { label: 'sub', path: '/stream2' },
    ],
  },
  { method: 'Axis', paths: [{ label: 'main', path: '/axis-media/media.amp' }] },
];

/**
 * Paths many other cameras (and re-streamers) answer on; tried only when no brand path answered, since
 * several of them are often the same stream under another name.
 */
export const GENERIC_PATHS: CameraBrand = {
  method: 'generic',
  paths: ['/', '/live', '/stream', '/h264', '/ch0', '/ch01.264', '/live/ch00_0', '/11', '/12', '/video1', '/onvif1'].map((path) => ({
    label: path === '/' ? 'root' : path.slice(1),
    path,
  })),
};

/**
 * UniFi Protect re-streams each camera on port 7447 under a token only Protect knows, so no path can be
 * guessed: the wizard says where to copy the URL from instead.
 */
export const UNIFI_HINT = "UniFi Protect cameras: copy the RTSP URL (port 7447) from the camera's settings in Protect";

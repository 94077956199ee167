import {
  startScriptedRtspCamera,
  type CameraEncoder,
  type CameraLogin,
  type CameraMountKind,
  type CameraScene,
  type RtspCameraServer,
} from '../../server/src/bench/scripted-rtsp-camera.js';
import { fixture } from './paths.js';

export {
  type CameraEncoder,
  type CameraLogin,
  type CameraMountKind,
  type CameraScene,
  type RtspCameraServer,
} from '../../server/src/bench/scripted-rtsp-camera.js';
export { freePort } from '../../server/src/bench/free-port.js';

/** The GStreamer camera of the tests: pedestrians.mp4 looped (motion) or its first frame (still). */
export function startRtspCameraServer(options: {
  scene: CameraScene;
  port?: number;
  encoder?: CameraEncoder;
  /** Another footage for `motion` and `still` (its first frame) than the people walking. */
  video?: string;
  /** More looped scenes by name, each from its own video. */
  scenes?: Readonly<Record<string, string>>;
  /** More mount paths beside `/cam`: `main` the same picture, `sub` a smaller one (320x180), as a camera's brand paths. */
  mounts?: Readonly<Record<string, CameraMountKind>>;
  /** A login every mount asks for (RTSP Basic; a wrong one gets 401). Absent: none, as before. */
  login?: CameraLogin;
}): Promise<RtspCameraServer> {
  return startScriptedRtspCamera({ ...options, video: options.video ?? fixture('pedestrians.mp4') });
}

import {
  startScriptedRtspCamera,
  type CameraEncoder,
  type CameraScene,
  type RtspCameraServer,
} from '../../server/src/bench/scripted-rtsp-camera.js';
import { fixture } from './paths.js';

export { type CameraEncoder, type CameraScene, type RtspCameraServer } from '../../server/src/bench/scripted-rtsp-camera.js';
export { freePort } from '../../server/src/bench/free-port.js';

/** The GStreamer camera of the tests: pedestrians.mp4 looped (motion) or its first frame (still). */
export function startRtspCameraServer(options: { scene: CameraScene; port?: number; encoder?: CameraEncoder }): Promise<RtspCameraServer> {
  return startScriptedRtspCamera({ ...options, video: fixture('pedestrians.mp4') });
}

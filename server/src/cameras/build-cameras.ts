import type { Services } from '../runtime/services.js';
import type { ClipRepository } from '../store/clip-repository.js';
import { LocalSettings } from '../store/local-settings.js';
import { CameraArmingStore } from './camera-arming-store.js';
import { CameraDirectory } from './camera-directory.js';
import { rtspPicturePath } from '../sources/rtsp/rtsp-settings.js';

/** Every configured camera with its armed flag (kept locally) and live status. */
export function buildCameras({ config, bus, localDb, log }: Services, clips: Pick<ClipRepository, 'listClips'>): CameraDirectory {
  return new CameraDirectory({
    cameras: config.cameras,
    bus,
    arming: new CameraArmingStore(new LocalSettings(localDb), bus, { cameras: config.cameras.map((c) => c.name) }),
    clips,
    picturePath: (camera) => (camera.source === 'rtsp' ? rtspPicturePath(config.dataDir, camera.name) : null),
    log: log.child({ component: 'cameras' }),
  });
}

// The server's add-camera wizard contract, types only (see contract.ts).
export type {
  CameraProbeBody,
  CameraProbeResponse,
  CameraSetupInfo,
  ClipDelivery,
  FoundStream,
  ProbeAttempt,
  SaveCameraBody,
  SaveCameraResponse,
} from '../../server/src/http/camera-setup-contract.js';

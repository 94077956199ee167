// The server's contract for the zone editor, types only (see contract.ts).
export type {
  CameraRegionsBody,
  CameraRegionsResponse,
  RegionZone,
  SaveCameraRegionsResponse,
} from '../../server/src/http/camera-regions-contract.js';

// The server's contract for adding a Home Assistant camera, types only (see contract.ts).
export type { AddHaCameraBody, AddHaCameraResponse, HaCamera, HaCameraListResponse } from '../../server/src/http/ha-camera-contract.js';

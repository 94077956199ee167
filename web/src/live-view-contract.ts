// The server's live view contract, types only (see contract.ts): how a camera can be watched live.
export type { LiveViewMode, LiveViewResponse } from '../../server/src/http/live-view-contract.js';

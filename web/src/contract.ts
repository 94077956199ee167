// The server's REST and socket.io contract, types only: `export type` keeps every server module out of the bundle.
// Shapes the contract does not name are derived from the ones it does, so a change on the server reaches the web.
import type { ClipDetail, ClipListQuery, ClipSummary, HealthResponse, LifecycleEntry } from '../../server/src/http/contract.js';
import type { LogListQuery } from '../../server/src/http/logs-contract.js';

export type {
  ApiError,
  CameraListResponse,
  CameraView,
  ClipDelta,
  ClipDeleted,
  ClipDetail,
  ClipListResponse,
  ClipSummary,
  ClientToServerEvents,
  HealthResponse,
  LifecycleEntry,
  LiveSnapshot,
  ServerToClientEvents,
  StageTiming,
  StatsResponse,
} from '../../server/src/http/contract.js';
export type { LogEntry, LogListResponse } from '../../server/src/http/logs-contract.js';
export type { LoginBody, SessionResponse } from '../../server/src/http/auth-contract.js';

export type Clip = ClipDetail['clip'];
export type ClipStatus = ClipSummary['status'];
export type StageName = keyof ClipSummary['stages'];
export type StageOutcome = NonNullable<ClipSummary['stages'][StageName]>['outcome'];
export type RiskLevel = NonNullable<ClipSummary['riskLevel']>;
export type ClipEventType = LifecycleEntry['type'];
export type HealthStatus = HealthResponse['status'];

/** Query-string parameters as the browser sends them: the server's own key names (camelCase), values as text. */
export type ClipListParams = Partial<Record<keyof ClipListQuery, string>>;
export type LogListParams = Partial<Record<keyof LogListQuery, string>>;

// The server's REST and socket.io contract, types only (nothing from the server ends up in the bundle).
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
export type { Clip, StageName } from '../../server/src/core/clip.js';
export type { RiskLevel } from '../../server/src/core/risk-level.js';
export type { Detection } from '../../server/src/core/detection.js';

export const STAGES = ['upload', 'detect', 'analyze', 'decide', 'notify'] as const;
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['queued', 'processing', 'done', 'failed'] as const;

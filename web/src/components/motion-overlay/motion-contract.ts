// The server's motion overlay contract, types only (see ../../contract.ts): what the motion detector saw in a frame.
export type {
  MotionRegion,
  MotionVerdict,
  MotionView,
  MotionWatchAnswer,
  MotionWatchRequest,
} from '../../../../server/src/http/motion-watch-contract.js';

import type { CameraProbeResponse, FoundStream } from '../../http/camera-setup-contract.js';

/**
 * The largest stream records (the evidence worth keeping); the smallest, when it is smaller, is the
 * one to decode for motion and detection (a camera's sub-stream costs a fraction of the CPU). One
 * stream, or all of one size: it serves both and `detect` is null. A stream of unknown size counts as smallest.
 */
export function recommendStreams(streams: readonly FoundStream[]): CameraProbeResponse['recommended'] {
  if (streams.length === 0) return null;
  const area = (s: FoundStream) => (s.width ?? 0) * (s.height ?? 0);
  // Ties keep the order found (main before sub, the first ONVIF profile first).
  const bySize = [...streams].sort((a, b) => area(b) - area(a));
  const largest = bySize[0] as FoundStream;
  const smallest = bySize[bySize.length - 1] as FoundStream;
  return { record: largest.id, detect: area(smallest) < area(largest) ? smallest.id : null };
}

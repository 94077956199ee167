/** Why the recorder could not write what the camera sends, although the camera did send it. */
export interface RecorderFailure {
  readonly kind: 'disk_full' | 'timestamps' | 'not_writable';
  /** For the camera's status and health: what happened, and what the user can do. */
  readonly message: string;
}

const FAILURES: readonly { readonly kind: RecorderFailure['kind']; readonly stderr: RegExp; readonly message: string }[] = [
  {
    kind: 'disk_full',
    stderr: /No space left on device/i,
    message:
      'recording stopped: no space left on the disk of the data folder; it resumes by itself once there is room ' +
      '(free space there, or lower retention.max_gb when the media folder shares that disk)',
  },
  {
    kind: 'timestamps',
    stderr: /first pts and dts value must be set|av_interleaved_write_frame\(\): Invalid data found|pts \(\d+\) < dts \(\d+\)/i,
    message:
      "recording stopped: the camera's H.264 stream has timestamps the recorder cannot write; turn B-frames off in the " +
      "camera's video settings (H.264 profile Main or Baseline, no 'smart codec' or H.264+), or record another of its streams",
  },
  {
    kind: 'not_writable',
    stderr: /Read-only file system|Failed to open segment/i,
    message: 'recording stopped: the recorder cannot write its segments in the data folder (read-only or not writable)',
  },
];

/**
 * A recorder run that ended with one of these did reach the camera (frames came in) but could not write
 * them: restarting at once cannot help, so the run counts as failed and restarts back off.
 */
export function recorderFailure(stderrTail: string): RecorderFailure | null {
  const found = FAILURES.find((f) => f.stderr.test(stderrTail));
  return found ? { kind: found.kind, message: found.message } : null;
}

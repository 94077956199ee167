import { Writable } from 'node:stream';

/** A pino destination that keeps every log line, for assertions on what was (and was not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
    callback();
  }

  /** Parsed records, optionally only those with this event_type. */
  records(eventType?: string): Record<string, unknown>[] {
    const all = this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    return eventType ? all.filter((r) => r.event_type === eventType) : all;
  }

  text(): string {
    return this.lines.join('\n');
  }
}

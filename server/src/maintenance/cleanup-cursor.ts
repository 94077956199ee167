import type { LocalSettings } from '../store/local-settings.js';
import { z } from 'zod';

const SavedCursorSchema = z.object({ filters: z.record(z.string(), z.unknown()), cursor: z.string().min(1) });

/**
 * Where an interrupted cleanup run stopped: the store's keyset cursor, kept in the local database's
 * settings table with the filters it belongs to. Dry runs and `--apply` runs keep separate cursors,
 * so a dry run never makes the real run skip clips.
 */
export class CleanupCursor {
  private readonly key: string;

  constructor(
    private readonly settings: LocalSettings,
    mode: 'apply' | 'dry_run',
  ) {
    this.key = mode === 'apply' ? 'cleanup:cursor' : 'cleanup:cursor:dry_run';
  }

  /** The saved cursor, or null when there is none or it was saved for other filters. */
  load(filters: Record<string, unknown>): string | null {
    const text = this.settings.get(this.key);
    if (text === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    const saved = SavedCursorSchema.safeParse(value);
    if (!saved.success || JSON.stringify(saved.data.filters) !== JSON.stringify(filters)) return null;
    return saved.data.cursor;
  }

  save(filters: Record<string, unknown>, cursor: string): void {
    this.settings.set(this.key, JSON.stringify({ filters, cursor }));
  }

  clear(): void {
    this.settings.delete(this.key);
  }
}

import { useEffect, useState } from 'react';
import { api } from '../api';
import type { LogEntry } from '../contract';
import { formatDateTime } from '../format';

const REFRESH_MS = 15_000;

/** The latest warnings and errors HomeSec kept in its database, newest first. */
export function RecentLogs() {
  const [logs, setLogs] = useState<LogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      api.logs({ level: 'warn', limit: '20' }, controller.signal).then(
        (page) => {
          setLogs(page.logs);
          setError(null);
        },
        (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, []);

  return (
    <section className="card" aria-labelledby="recent-logs-heading">
      <h2 id="recent-logs-heading">Recent warnings and errors</h2>
      {error && <p className="muted">Could not load the log: {error}</p>}
      {logs && logs.length === 0 && <p className="muted">None. Everything that went wrong lately would be listed here.</p>}
      {logs && logs.length > 0 && (
        <ul className="checks recent-logs">
          {logs.map((entry) => (
            <li key={entry.id} className={entry.level === 'warn' ? 'health-degraded' : 'health-unhealthy'}>
              <strong>{entry.level === 'warn' ? 'Warning' : 'Error'}</strong> {entry.msg}{' '}
              <span className="muted">
                ({formatDateTime(entry.time)}
                {entry.camera ? `, ${entry.camera}` : ''}
                {entry.clipId ? `, clip ${entry.clipId}` : ''}
                {entry.eventType ? `, ${entry.eventType}` : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

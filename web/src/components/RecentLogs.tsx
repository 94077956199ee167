import { useQuery } from '@tanstack/react-query';
import { failureText } from '../api';
import { formatDateTime } from '../format';
import { logsQuery } from '../queries';

/** The latest warnings and errors HomeSec kept in its database, newest first. */
export function RecentLogs() {
  const { data, error } = useQuery(logsQuery({ level: 'warn', limit: '20' }));
  const logs = data?.logs;
  return (
    <section className="card" aria-labelledby="recent-logs-heading">
      <h2 id="recent-logs-heading">Recent warnings and errors</h2>
      {error && <p className="muted">Could not load the log: {failureText(error)}</p>}
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

import { useQuery } from '@tanstack/react-query';
import { failureText } from '../api';
import { RecentLogs } from '../components/RecentLogs';
import type { StatsResponse } from '../contract';
import { checkInWords, formatBytes, formatDateTime, formatMs, formatUsd } from '../format';
import { healthQuery, statsQuery } from '../queries';
import { HEALTH_WORDS } from '../wire-values';

/** Health in plain words, today's numbers, storage, VLM spend against the budget, versions. */
export function SystemPage() {
  const health = useQuery(healthQuery);
  const stats = useQuery(statsQuery);
  const error = health.error ?? stats.error;

  return (
    <section aria-labelledby="system-heading">
      <h1 id="system-heading">System</h1>
      {error && (
        <p className="error-text" role="alert">
          Could not load the system status: {failureText(error)}
        </p>
      )}
      {health.data && (
        <section className="card">
          <h2>
            Health: <span className={`health-${health.data.status}`}>{HEALTH_WORDS[health.data.status]}</span>
          </h2>
          <ul className="checks">
            {Object.entries(health.data.checks).map(([name, check]) => (
              <li key={name} className={`health-${check.status}`}>
                <strong>{checkInWords(name)}</strong>: {HEALTH_WORDS[check.status].toLowerCase()}{' '}
                <span className="muted">({check.message})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {stats.data && <StatsCards stats={stats.data} />}
      <RecentLogs />
    </section>
  );
}

function StatsCards({ stats }: { readonly stats: StatsResponse }) {
  const budget = stats.monthlyBudgetUsd;
  const share = budget > 0 ? Math.min(1, stats.spendThisMonthUsd / budget) : 0;
  return (
    <div className="stat-grid">
      <section className="card">
        <h2>Today</h2>
        <p className="big">{stats.clipsToday} clips</p>
        <p>{stats.alertsToday} alerts</p>
      </section>
      <section className="card">
        <h2>Storage used</h2>
        <p className="big">{formatBytes(stats.storage.usedBytes)}</p>
        <p className="muted">
          {stats.storage.files} files{stats.storage.scannedAt ? `, counted ${formatDateTime(stats.storage.scannedAt)}` : ', counting…'}
        </p>
      </section>
      <section className="card">
        <h2>VLM spend this month</h2>
        {stats.analyzerEnabled ? (
          <>
            <p className="big">
              {formatUsd(stats.spendThisMonthUsd)} <span className="muted">of {budget > 0 ? formatUsd(budget) : 'no limit'}</span>
            </p>
            {budget > 0 && <progress max={1} value={share} aria-label="Share of the monthly budget spent" />}
          </>
        ) : (
          <p className="muted">Analyzer disabled</p>
        )}
      </section>
      <section className="card">
        <h2>Alert latency (24 h)</h2>
        {stats.latency && stats.latency.p50Ms !== null && stats.latency.p95Ms !== null ? (
          <>
            <p className="big">
              {formatMs(stats.latency.p95Ms)} <span className="muted">p95</span>
            </p>
            <p className="muted">
              p50 {formatMs(stats.latency.p50Ms)} · {stats.latency.alerts} alerts, from the end of the clip to the first notification
            </p>
          </>
        ) : (
          <p className="muted">No notification delivered in the last 24 h</p>
        )}
      </section>
      <section className="card">
        <h2>Versions</h2>
        <p>HomeSec {stats.versions.homesec}</p>
        <p className="muted">Node.js {stats.versions.node}</p>
      </section>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { api } from '../api';
import { RecentLogs } from '../components/RecentLogs';
import type { HealthResponse, StatsResponse } from '../contract';
import { formatBytes, formatDateTime, formatMs, formatUsd, inWords } from '../format';

const STATUS_WORDS = { healthy: 'Working', degraded: 'Working with problems', unhealthy: 'Not working' } as const;

/** Health in plain words, today's numbers, storage, VLM spend against the budget, versions. */
export function SystemPage() {
  const [health, setHealth] = useState<HealthResponse | null>(null);
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const load = () => {
      Promise.all([api.health(controller.signal), api.stats(controller.signal)]).then(
        ([h, s]) => {
          setHealth(h);
          setStats(s);
          setError(null);
        },
        (e: unknown) => !controller.signal.aborted && setError(e instanceof Error ? e.message : String(e)),
      );
    };
    load();
    const timer = setInterval(load, 15_000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, []);

  return (
    <section aria-labelledby="system-heading">
      <h1 id="system-heading">System</h1>
      {error && (
        <p className="error-text" role="alert">
          Could not load the system status: {error}
        </p>
      )}
      {health && (
        <section className="card">
          <h2>
            Health: <span className={`health-${health.status}`}>{STATUS_WORDS[health.status]}</span>
          </h2>
          <ul className="checks">
            {Object.entries(health.checks).map(([name, check]) => (
              <li key={name} className={`health-${check.status}`}>
                <strong>{inWords(name)}</strong>: {STATUS_WORDS[check.status].toLowerCase()}{' '}
                <span className="muted">({check.message})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {stats && <StatsCards stats={stats} />}
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

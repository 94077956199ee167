import type { HealthCheck } from '../core/bus-signals.js';

export type HealthStatus = HealthCheck['status'];

export interface HealthReport {
  readonly status: HealthStatus;
  readonly checks: Record<string, HealthCheck>;
}

const SEVERITY: Record<HealthStatus, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

/** Named health checks; the overall status is the worst of them. */
export class HealthRegistry {
  private readonly checks = new Map<string, () => HealthCheck>();

  register(name: string, check: () => HealthCheck): void {
    this.checks.set(name, check);
  }

  report(): HealthReport {
    let status: HealthStatus = 'healthy';
    const checks: Record<string, HealthCheck> = {};
    for (const [name, check] of this.checks) {
      const result = safeCheck(check);
      checks[name] = result;
      if (SEVERITY[result.status] > SEVERITY[status]) status = result.status;
    }
    return { status, checks };
  }
}

function safeCheck(check: () => HealthCheck): HealthCheck {
  try {
    return check();
  } catch (e) {
    return { status: 'unhealthy', message: `health check failed: ${(e as Error).message}` };
  }
}

import { snakeCase } from '../config/camel-case-keys.js';
import type { AlertsConfig, QuietHoursConfig } from '../config/sections/alerts-config.js';
import type { ActivityType } from '../core/analysis.js';
import type { RiskLevel } from '../core/risk-level.js';

/** The alert settings that apply to one camera: the global ones with that camera's override fields laid on top. */
export interface AlertSettings {
  readonly minRisk: RiskLevel;
  readonly alwaysAlertActivities: readonly ActivityType[];
  readonly alertOnTriggerWithoutAnalysis: boolean;
  readonly cooldownS: number;
  readonly quietHours: QuietHoursConfig | null;
  /** The zones one of which an object must have entered for the camera to alert; empty: anywhere. */
  readonly requireZones: readonly string[];
  /** Whether a per-camera override exists (named in the decision detail). */
  readonly overridden: readonly string[];
}

export function settingsFor(config: AlertsConfig, camera: string): AlertSettings {
  const override = config.overrides.find((o) => o.camera === camera);
  const overridden = override
    ? Object.keys(override)
        .filter((k) => k !== 'camera')
        .map(snakeCase)
    : [];
  return {
    minRisk: override?.minRisk ?? config.minRisk,
    alwaysAlertActivities: override?.alwaysAlertActivities ?? config.alwaysAlertActivities,
    alertOnTriggerWithoutAnalysis: override?.alertOnTriggerWithoutAnalysis ?? config.alertOnTriggerWithoutAnalysis,
    cooldownS: override?.cooldownS ?? config.cooldownS,
    quietHours: override?.quietHours !== undefined ? override.quietHours : config.quietHours,
    requireZones: override?.requireZones ?? [],
    overridden,
  };
}

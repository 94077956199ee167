import type { HomeAssistantConfig } from '../config/sections/home-assistant-config.js';
import type { Part } from '../core/lifecycle.js';
import type { CoreWebsocketOptions } from '../ha/core-websocket.js';
import { PresenceFollower } from '../ha/presence-follower.js';
import { DEFAULT_SUPERVISOR_URL } from '../ha/supervisor-client.js';
import type { Services } from '../runtime/services.js';
import { awayDecision } from './arming-mode.js';
import type { CameraArmingStore } from './camera-arming-store.js';
import { ScheduleClock } from './schedule-clock.js';

/**
 * What feeds the arming mode's decision to the store: nothing in mode manual, the schedule clock, or
 * the presence follower on Home Assistant's websocket (the add-on's Supervisor proxy, or home_assistant.url with a
 * long-lived token). Without a way to Home Assistant, mode away reports it in the health report.
 */
export function buildArming({ config, log }: Services, store: CameraArmingStore, env: NodeJS.ProcessEnv = process.env): Part[] {
  const { arming, quietHours } = config.alerts;
  switch (arming.mode) {
    case 'manual':
      return [];
    case 'schedule':
      return [new ScheduleClock({ window: quietHours, decide: (decision) => store.decide(decision) })];
    case 'away': {
      const connection = coreWebsocketTarget(config.homeAssistant, env);
      const haLog = log.child({ component: 'presence' });
      if (connection === null) {
        const message = 'alerts.arming.mode away needs Home Assistant: run HomeSec as the add-on, or set home_assistant.url and token';
        haLog.error({ event_type: 'ha.presence_unconfigured' }, message);
        return [{ name: 'presence', stop: () => undefined, health: () => ({ status: 'degraded', message }) }];
      }
      return [
        new PresenceFollower({
          connection,
          entities: arming.presenceEntities,
          onPresence: (presence) => store.decide(awayDecision(presence)),
          log: haLog,
        }),
      ];
    }
  }
}

/**
 * Core's websocket: `<url>/api/websocket` with the long-lived token when home_assistant.url is set, else the
 * Supervisor's proxy `ws://supervisor/core/websocket` with SUPERVISOR_TOKEN (SUPERVISOR_URL moves it
 * in tests); null outside the add-on without home_assistant.url.
 */
export function coreWebsocketTarget(ha: HomeAssistantConfig, env: NodeJS.ProcessEnv): CoreWebsocketOptions | null {
  if (ha.url !== '') return { url: `${toWebsocketUrl(ha.url)}/api/websocket`, token: ha.token };
  const token = env.SUPERVISOR_TOKEN ?? env.HASSIO_TOKEN;
  if (!token) return null;
  return { url: `${toWebsocketUrl(env.SUPERVISOR_URL || DEFAULT_SUPERVISOR_URL)}/core/websocket`, token };
}

/** http://host:8123/ -> ws://host:8123 (https -> wss), no trailing slash. */
function toWebsocketUrl(httpUrl: string): string {
  return httpUrl.replace(/^http(s?):\/\//i, (_m, s: string) => `ws${s}://`).replace(/\/+$/, '');
}

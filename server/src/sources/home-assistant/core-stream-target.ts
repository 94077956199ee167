import { coreWebsocketTarget } from '../../cameras/build-arming.js';
import type { HomeAssistantConfig } from '../../config/sections/home-assistant-config.js';
import type { CoreWebsocketOptions } from '../../ha/core-websocket.js';
import { DEFAULT_SUPERVISOR_URL } from '../../ha/supervisor-client.js';

/** Where HomeSec asks Core for a camera's stream, and where the stream's relative URL is read from. */
export interface CoreStreamTarget {
  readonly websocket: CoreWebsocketOptions;
  /** What Core's relative URLs (`/api/hls/<token>/...`) are joined to: Home Assistant's URL, or the Supervisor's `/core` proxy. */
  readonly httpBase: string;
  /** The Supervisor's proxy lets only the add-on's token through (Core's own HLS view needs none: the token is in the path). */
  readonly httpHeaders: string | null;
}

/**
 * Core through the Supervisor's proxy with SUPERVISOR_TOKEN in the add-on (SUPERVISOR_URL moves it in
 * tests), or home_assistant.url with its long-lived token; null when neither is there.
 */
export function coreStreamTarget(ha: HomeAssistantConfig, env: NodeJS.ProcessEnv): CoreStreamTarget | null {
  const websocket = coreWebsocketTarget(ha, env);
  if (websocket === null) return null;
  if (ha.url !== '') return { websocket, httpBase: withoutTrailingSlash(ha.url), httpHeaders: null };
  const supervisor = withoutTrailingSlash(env.SUPERVISOR_URL || DEFAULT_SUPERVISOR_URL);
  return { websocket, httpBase: `${supervisor}/core`, httpHeaders: `Authorization: Bearer ${websocket.token}` };
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

/**
 * How HomeSec reaches Home Assistant's Core API (REST and websocket) for the AI Task analyzer and
 * arming by presence. The add-on goes through the Supervisor's Core proxy with its own token and needs
 * neither key; standalone HomeSec needs both. One connection for every part that talks to Core.
 */
export const HomeAssistantConfigSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^$|^https?:\/\/[^\s/]+/, 'must be empty or an http(s) URL')
      .default('')
      .describe(
        "Outside the add-on: Home Assistant's URL (e.g. http://homeassistant.local:8123), for analyzer.provider home_assistant and alerts.arming.mode away; empty: the add-on's Supervisor proxy",
      ),
    token: z
      .string()
      .default('')
      .describe('With url: a long-lived access token (Profile > Security in Home Assistant; secret); also HOMESEC_HOME_ASSISTANT__TOKEN'),
  })
  .superRefine((ha, ctx) => {
    if (ha.url !== '' && ha.token === '')
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'a long-lived access token is needed with url' });
  })
  .prefault({})
  .describe('How standalone HomeSec reaches Home Assistant (the add-on needs nothing here)');
export type HomeAssistantConfig = CamelCasedDeep<z.output<typeof HomeAssistantConfigSchema>>;

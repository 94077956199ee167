import { z } from 'zod';
import type { CamelCasedDeep } from '../camel-case-keys.js';

const TOPIC_SEGMENT = /^[^#+\s]+$/;

export const MqttConfigSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^$|^(mqtts?|wss?):\/\//, 'must be empty or start with mqtt://, mqtts://, ws:// or wss://')
      .default('')
      .describe('Broker URL, e.g. mqtt://core-mosquitto:1883; empty = the add-on broker or none'),
    username: z.string().default('').describe('Broker user'),
    password: z.string().default('').describe('Broker password (secret)'),
    topic_prefix: z.string().regex(TOPIC_SEGMENT, 'no wildcards or spaces').default('homesec').describe('Prefix of HomeSec topics'),
    discovery_prefix: z
      .string()
      .regex(TOPIC_SEGMENT, 'no wildcards or spaces')
      .default('homeassistant')
      .describe('Home Assistant MQTT discovery prefix'),
  })
  .prefault({});
export type MqttConfig = CamelCasedDeep<z.output<typeof MqttConfigSchema>>;

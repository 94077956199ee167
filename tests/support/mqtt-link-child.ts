// Runs one MqttConnection in its own process so a test can kill it without a goodbye (last will).
import { createLogger } from '../../server/src/logging/logger.js';
import { MqttConnection } from '../../server/src/mqtt/mqtt-connection.js';

const url = process.argv[2];
if (!url) throw new Error('usage: mqtt-link-child.ts <broker url>');
const link = new MqttConnection({ url, topicPrefix: 'homesec', log: createLogger('silent') });
link.onConnect(() => process.stdout.write('connected\n'));
await link.start(new AbortController().signal);

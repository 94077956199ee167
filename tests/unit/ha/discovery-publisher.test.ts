import { describe, expect, it } from 'vitest';
import type { MqttLink } from '../../../server/src/core/mqtt-link.js';
import { buildDiscovery, type DiscoverySettings } from '../../../server/src/ha/discovery-builder.js';
import { DiscoveryPublisher } from '../../../server/src/ha/discovery-publisher.js';
import { createLogger } from '../../../server/src/logging/logger.js';

/** An in-memory MqttLink that records publishes (the broker behaviour is covered by the integration tests). */
class RecordingLink implements MqttLink {
  readonly published: { topic: string; payload: string; retain: boolean }[] = [];
  async publish(topic: string, payload: string | Buffer, options: { qos: 0 | 1; retain: boolean }): Promise<void> {
    this.published.push({ topic, payload: payload.toString(), retain: options.retain });
  }
  subscribe(): void {}
  onConnect(): void {}
  isConnected(): boolean {
    return true;
  }
}

const settings: DiscoverySettings = {
  discoveryPrefix: 'homeassistant',
  topicPrefix: 'homesec',
  swVersion: '1.0.0',
  configurationUrl: null,
  triggerLabels: ['person'],
  hubModel: 'Service',
};

function publisher(link: RecordingLink): DiscoveryPublisher {
  return new DiscoveryPublisher({
    link,
    log: createLogger('silent'),
    discoveryPrefix: 'homeassistant',
    cameraTopicRoot: 'homesec/camera/',
    hubDeviceId: 'homesec',
  });
}

describe('DiscoveryPublisher.sync', () => {
  it('publishes only what changed and clears what was removed', async () => {
    // Given a publisher that has sent the configs for two cameras
    const link = new RecordingLink();
    const p = publisher(link);
    p.start(buildDiscovery(['a', 'b'], settings));
    await p.sync(buildDiscovery(['a', 'b'], settings));
    expect(link.published.map((m) => m.topic)).toStrictEqual([
      'homeassistant/device/homesec/config',
      'homeassistant/device/homesec_a/config',
      'homeassistant/device/homesec_b/config',
    ]);

    // When the same configs are synced again, then nothing is sent
    link.published.length = 0;
    await p.sync(buildDiscovery(['a', 'b'], settings));
    expect(link.published).toStrictEqual([]);

    // When camera b is removed and the version changes
    await p.sync(buildDiscovery(['a'], { ...settings, swVersion: '1.0.1' }));

    // Then b is cleared with an empty retained payload and the changed configs are sent once
    expect(link.published.map((m) => [m.topic, m.payload === '' ? 'empty' : 'config', m.retain])).toStrictEqual([
      ['homeassistant/device/homesec_b/config', 'empty', true],
      ['homeassistant/device/homesec/config', 'config', true],
      ['homeassistant/device/homesec_a/config', 'config', true],
    ]);
  });

  it('republishes everything when asked (reconnect, HA birth), and nothing after stop', async () => {
    const link = new RecordingLink();
    const p = publisher(link);
    p.start(buildDiscovery(['a'], settings));
    await p.sync(buildDiscovery(['a'], settings));
    link.published.length = 0;
    await p.republish();
    expect(link.published).toHaveLength(2);
    p.stop();
    p.stop();
    await p.republish();
    expect(link.published).toHaveLength(2);
  });
});

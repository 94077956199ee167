import { describe, expect, it } from 'vitest';
import { hasWildcard, topicMatches } from '../../../server/src/mqtt/topic-match.js';

describe('topicMatches', () => {
  it('applies + to one level and # to the rest', () => {
    // Given filters with wildcards, When matched against topics, Then MQTT rules hold
    expect(topicMatches('homesec/+/set', 'homesec/front_door/set')).toBe(true);
    expect(topicMatches('homesec/+/set', 'homesec/front_door/armed/set')).toBe(false);
    expect(topicMatches('homesec/#', 'homesec/a/b/c')).toBe(true);
    expect(topicMatches('homesec/#', 'homesec')).toBe(true);
    expect(topicMatches('homeassistant/status', 'homeassistant/status')).toBe(true);
    expect(topicMatches('homeassistant/status', 'homeassistant/status/x')).toBe(false);
  });

  it('tells wildcard topic names apart', () => {
    // Given topic names, When checked, Then only those with + or # are wildcards
    expect(hasWildcard('homesec/alerts/front_door')).toBe(false);
    expect(hasWildcard('homesec/+/x')).toBe(true);
    expect(hasWildcard('homesec/#')).toBe(true);
  });
});

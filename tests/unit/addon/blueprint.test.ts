import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ALERT_EVENT_TYPES } from '../../../server/src/ha/discovery-tables.js';
import { REPO_DIR } from '../../support/paths.js';

const PATH = join(REPO_DIR, 'blueprints', 'automation', 'homesec', 'alert_notification.yaml');

class InputRef {
  constructor(readonly name: string) {}
}

const text = readFileSync(PATH, 'utf8');
// Home Assistant's !input tag, kept as a reference so the test can follow it.
const doc = parseYaml(text, {
  customTags: [{ tag: '!input', identify: (v: unknown) => v instanceof InputRef, resolve: (name: string) => new InputRef(name) }],
}) as Record<string, unknown>;

function refs(node: unknown): string[] {
  if (node instanceof InputRef) return [node.name];
  if (Array.isArray(node)) return node.flatMap(refs);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(refs);
  return [];
}

type Inputs = Record<string, { name?: string; default?: unknown; selector?: Record<string, Record<string, unknown>> }>;
const blueprint = doc.blueprint as { name?: string; domain?: string; input?: Inputs; homeassistant?: { min_version?: string } };
const inputs = blueprint.input ?? {};

describe('the alert notification blueprint', () => {
  it('is an automation blueprint whose every !input is declared and used', () => {
    // Given the blueprint
    // Then it is an automation blueprint with a name and inputs
    expect(blueprint.domain).toBe('automation');
    expect(blueprint.name).toMatch(/HomeSec/);
    const used = new Set(refs({ ...doc, blueprint: undefined }));
    expect([...used].sort()).toStrictEqual(Object.keys(inputs).sort());
    for (const [key, input] of Object.entries(inputs)) expect(input.name, key).toEqual(expect.any(String));
  });

  it('fires on a camera alert event entity from MQTT', () => {
    // Then the trigger is the state of the chosen event entity
    const trigger = (doc.trigger as Record<string, unknown>[])[0];
    expect(trigger?.platform).toBe('state');
    expect(trigger?.entity_id).toStrictEqual(new InputRef('alert_entity'));
    expect(inputs.alert_entity?.selector?.entity).toStrictEqual({ filter: [{ integration: 'mqtt', domain: 'event' }] });
    // And the level choices are exactly the alert event's event_types
    const options = (inputs.alert_levels?.selector?.select as { options?: string[] }).options;
    expect(options).toStrictEqual([...ALERT_EVENT_TYPES]);
  });

  it('notifies a phone with the VLM title and the snapshot through the image proxy', () => {
    // Then the action is a mobile_app notify with the title attribute and the image proxy URL
    const actions = doc.action as Record<string, unknown>[];
    const notify = actions.find((a) => a.domain === 'mobile_app');
    expect(notify?.type).toBe('notify');
    expect(notify?.device_id).toStrictEqual(new InputRef('notify_device'));
    expect(text).toMatch(/attributes\.title/);
    expect((notify?.data as Record<string, string>).image).toBe('/api/image_proxy/{{ snapshot_entity }}');
    expect(inputs.snapshot_entity?.selector?.entity).toStrictEqual({ filter: [{ integration: 'mqtt', domain: 'image' }] });
  });

  it('has a cooldown: single mode, silent when busy, and a delay of the cooldown input', () => {
    // Then repeated alerts during the cooldown are dropped without warnings
    expect(doc.mode).toBe('single');
    expect(doc.max_exceeded).toBe('silent');
    expect(inputs.cooldown?.selector?.number).toBeDefined();
    expect(inputs.cooldown?.default).toBeGreaterThan(0);
    const last = (doc.action as Record<string, unknown>[]).at(-1);
    expect(last?.delay).toStrictEqual({ seconds: '{{ cooldown | int(0) }}' });
    expect((doc.variables as Record<string, unknown>).cooldown).toStrictEqual(new InputRef('cooldown'));
  });
});

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
type Trigger = Record<string, unknown>;
type Step = Record<string, unknown>;
const blueprint = doc.blueprint as { name?: string; domain?: string; input?: Inputs; homeassistant?: { min_version?: string } };
const inputs = blueprint.input ?? {};
const triggers = (doc.triggers ?? []) as Trigger[];
const byId = (id: string) => triggers.find((t) => t.id === id);
const branches = ((doc.actions as Step[])[0]?.choose ?? []) as { conditions: Step[]; sequence: Step[] }[];
const branchFor = (id: string) => branches.find((b) => b.conditions.some((c) => c.condition === 'trigger' && c.id === id));

interface State {
  readonly state: string;
  readonly attributes?: Record<string, unknown>;
}

/**
 * Home Assistant's state trigger (homeassistant/components/homeassistant/triggers/state.py): with any of
 * from/to/not_from/not_to given it fires only when the state itself changes; each list is matched as given.
 */
function stateTriggerFires(trigger: Trigger, from: State | null, to: State | null): boolean {
  const list = (v: unknown) => (v === undefined ? null : Array.isArray(v) ? v.map(String) : [String(v)]);
  const [fromList, toList, notFrom, notTo] = [list(trigger.from), list(trigger.to), list(trigger.not_from), list(trigger.not_to)];
  const strict = fromList !== null || toList !== null || notFrom !== null || notTo !== null;
  if (strict && from?.state === to?.state) return false;
  if (fromList && (from === null || !fromList.includes(from.state))) return false;
  if (toList && (to === null || !toList.includes(to.state))) return false;
  if (notFrom && from !== null && notFrom.includes(from.state)) return false;
  if (notTo && to !== null && notTo.includes(to.state)) return false;
  return true;
}

const alert = (at: string, attributes: Record<string, unknown> = { event_type: 'high', event_id: 'ev1', phase: 'new' }): State => ({
  state: at,
  attributes,
});

describe('the alert notification blueprint', () => {
  it('is an automation blueprint in the current syntax whose every !input is declared and used', () => {
    // Given the blueprint
    // Then it uses triggers:/conditions:/actions: and `trigger:`/`action:` keys, never the legacy `platform:`/`service:`
    expect(blueprint.domain).toBe('automation');
    expect(blueprint.name).toMatch(/HomeSec/);
    for (const legacy of ['trigger', 'condition', 'action']) expect(doc, legacy).not.toHaveProperty(legacy);
    expect(text).not.toMatch(/^\s*-?\s*(platform|service):/m);
    for (const t of triggers) expect(t.trigger, JSON.stringify(t)).toEqual(expect.any(String));
    expect(blueprint.homeassistant?.min_version).toBe('2024.10.0');
    const used = new Set(refs({ ...doc, blueprint: undefined }));
    expect([...used].sort()).toStrictEqual(Object.keys(inputs).sort());
    for (const [key, input] of Object.entries(inputs)) expect(input.name, key).toEqual(expect.any(String));
  });

  it('does not fire when the alert entity comes back from unavailable or unknown, nor on attribute changes', () => {
    // Given the alert trigger on the camera's MQTT event entity
    const trigger = byId('alert');
    expect(trigger?.trigger).toBe('state');
    expect(trigger?.entity_id).toStrictEqual(new InputRef('alert_entity'));
    expect(inputs.alert_entity?.selector?.entity).toStrictEqual({ filter: [{ integration: 'mqtt', domain: 'event' }] });
    if (!trigger) return;

    // When HomeSec or the broker restarts: the entity goes unavailable and comes back with its last event
    // Then nothing fires, in either direction
    expect(stateTriggerFires(trigger, alert('2026-08-21T10:11:12.000+00:00'), { state: 'unavailable' })).toBe(false);
    expect(stateTriggerFires(trigger, { state: 'unavailable' }, alert('2026-08-21T10:11:12.000+00:00'))).toBe(false);
    expect(stateTriggerFires(trigger, { state: 'unknown' }, alert('2026-08-21T10:11:12.000+00:00'))).toBe(false);
    // And an attribute-only change does not fire
    expect(
      stateTriggerFires(trigger, alert('2026-08-21T10:11:12.000+00:00'), alert('2026-08-21T10:11:12.000+00:00', { event_type: 'low' })),
    ).toBe(false);
    // When a new alert message arrives (the event entity's state is the time of its last event)
    // Then it fires
    expect(stateTriggerFires(trigger, alert('2026-08-21T10:11:12.000+00:00'), alert('2026-08-21T10:11:15.000+00:00'))).toBe(true);
    // And the alert branch checks the from state again (a template condition) and the chosen levels
    const condition = branchFor('alert')?.conditions.find((c) => c.condition === 'template');
    expect(String(condition?.value_template)).toMatch(/from_state\.state not in \['unavailable', 'unknown'\]/);
    expect(String(condition?.value_template)).toMatch(/attributes\.event_type in alert_levels/);
    const options = (inputs.alert_levels?.selector?.select as { options?: string[] }).options;
    expect(options).toStrictEqual([...ALERT_EVENT_TYPES]);
  });

  it('sends one notification per event, replaced in place, with the snapshot and a snooze button', () => {
    // Given the notify step of the alert branch
    const sequence = branchFor('alert')?.sequence ?? [];
    const notify = sequence.find((a) => a.domain === 'mobile_app');
    const variables = sequence.find((a) => a.variables)?.variables as Record<string, string>;
    const data = notify?.data as Record<string, unknown>;
    // Then it is a Companion app notification to the chosen phone
    expect(notify?.type).toBe('notify');
    expect(notify?.device_id).toStrictEqual(new InputRef('notify_device'));
    expect(inputs.notify_device?.selector?.device).toStrictEqual({ filter: [{ integration: 'mobile_app' }] });
    // And its tag is the event id (falling back to the clip for alerts without live events), so updates replace it
    expect(data.tag).toBe('homesec-{{ event_id }}');
    expect(variables.event_id).toMatch(/attributes\.event_id\s*\|\s*default\(trigger\.to_state\.attributes\.clip_id/);
    expect(data.alert_once).toBe(true);
    // And the snapshot is attached through HA's image proxy
    expect(data.image).toBe('/api/image_proxy/{{ snapshot_entity }}');
    expect(inputs.snapshot_entity?.selector?.entity).toStrictEqual({ filter: [{ integration: 'mqtt', domain: 'image' }] });
    // And its one action is the snooze, with the id the snooze trigger listens for
    const actions = data.actions as { action: string; title: string }[];
    expect(actions).toHaveLength(1);
    expect((byId('snooze')?.event_data as { action?: string }).action).toBe(actions[0]?.action);
    expect(byId('snooze')?.event_type).toBe('mobile_app_notification_action');
  });

  it('snoozes through the camera\'s "Alerts armed" switch and re-arms when the restorable timer finishes', () => {
    // Given the snooze branches
    const snooze = branchFor('snooze')?.sequence ?? [];
    const over = branchFor('snooze_over')?.sequence ?? [];
    // Then a snooze disarms the camera's switch and starts the timer for the chosen minutes
    expect(snooze.map((s) => s.action)).toStrictEqual(['switch.turn_off', 'timer.start']);
    expect(snooze[0]?.target).toStrictEqual({ entity_id: '{{ armed_switch }}' });
    expect(snooze[1]?.target).toStrictEqual({ entity_id: new InputRef('snooze_timer') });
    expect(snooze[1]?.data).toStrictEqual({ duration: { minutes: '{{ snooze_minutes | int }}' } });
    expect(inputs.snooze_minutes?.default).toBe(60);
    expect((doc.trigger_variables as Record<string, unknown>).armed_switch).toStrictEqual(new InputRef('armed_switch'));
    expect(inputs.armed_switch?.selector?.entity).toStrictEqual({ filter: [{ integration: 'mqtt', domain: 'switch' }] });
    // And the timer's end (also after a restart: a restored timer finishes late) arms it again
    expect(byId('snooze_over')).toMatchObject({
      trigger: 'event',
      event_type: 'timer.finished',
      event_data: { entity_id: new InputRef('snooze_timer') },
    });
    expect(over.map((s) => s.action)).toStrictEqual(['switch.turn_on']);
    // And runs queue (updates of one event stay in order; a snooze press is never dropped)
    expect(doc.mode).toBe('queued');
  });
});

// A small interpreter of the parts of Home Assistant an automation blueprint of ours uses, so its YAML
// logic runs in tests (HA core cannot run here). Modelled, after HA core's sources:
// - blueprint inputs: `!input name` replaced by the chosen value or the input's default
//   (helpers/blueprint.py); top-level `variables` rendered per run (helpers/script_variables.py);
// - `trigger: event`: event_type equal and event_data a subset of the event's data
//   (components/homeassistant/triggers/event.py); `mode: queued`: runs one after another;
// - `choose` and `if`/`then`/`else` with `condition: trigger` (id) and `condition: template` (rendered, then
//   template.result_as_boolean: true/yes/on/enable/1); `variables` steps; a `mobile_app` device
//   `notify` action; `action: mqtt.publish` (to a real broker);
// - templates: Jinja through nunjucks (Jinja-compatible for what the blueprint uses), plus HA's
//   `device_id`, `device_attr`, `to_json` and Jinja's `in` test and `count` filter. A template that is
//   one `{{ }}` block gives the value itself (HA renders to native types), others give text.
// Not modelled: other trigger and action kinds, `max`/`max_exceeded`, HA's template sandbox limits.
// The Companion app is modelled as a notification tray: same `tag` replaces, `alert_once` rings only
// for a new notification, `clear_notification` removes it.
import nunjucks from 'nunjucks';
import { parse } from 'yaml';

class InputRef {
  constructor(readonly name: string) {}
}

export interface Device {
  readonly id: string;
  readonly configurationUrl: string | null;
  readonly entities: readonly string[];
}

export interface Notification {
  readonly tag: string;
  readonly title: string;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Phone {
  /** Notifications in the tray, by tag. */
  readonly tray: Map<string, Notification>;
  /** Every notify call that made the phone ring (a new notification, or one without alert_once). */
  readonly rings: Notification[];
}

type Json = Record<string, unknown>;
type Step = Json;

export interface HaModel {
  readonly devices: readonly Device[];
  readonly phone: Phone;
  readonly mqttPublish: (topic: string, payload: string, qos: 0 | 1) => Promise<void>;
}

export class BlueprintAutomation {
  private readonly doc: Json;
  private readonly env: nunjucks.Environment;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    yamlText: string,
    inputs: Readonly<Record<string, unknown>>,
    private readonly ha: HaModel,
  ) {
    const raw = parse(yamlText, {
      customTags: [{ tag: '!input', identify: (v: unknown) => v instanceof InputRef, resolve: (n: string) => new InputRef(n) }],
    }) as Json;
    const declared = ((raw.blueprint as Json).input ?? {}) as Record<string, { default?: unknown }>;
    const value = (name: string): unknown => {
      if (name in inputs) return inputs[name];
      const input = declared[name];
      if (!input || !('default' in input)) throw new Error(`input ${name} has no value and no default`);
      return input.default;
    };
    const substitute = (node: unknown): unknown => {
      if (node instanceof InputRef) return value(node.name);
      if (Array.isArray(node)) return node.map(substitute);
      if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v)]));
      return node;
    };
    this.doc = { ...(substitute({ ...raw, blueprint: undefined }) as Json) };
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    this.env.addFilter('count', (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : 0));
    this.env.addFilter('to_json', (v: unknown) => JSON.stringify(v));
    this.env.addFilter('int', (v: unknown) => Number.parseInt(String(v), 10) || 0);
    // Jinja's `in` test; nunjucks has addTest, its type declarations do not.
    const withTests = this.env as nunjucks.Environment & { addTest(name: string, test: (v: unknown, arg: unknown) => boolean): void };
    withTests.addTest('in', (v, list) => Array.isArray(list) && list.includes(v));
    this.env.addGlobal('device_id', (entity: string) => ha.devices.find((d) => d.entities.includes(entity))?.id ?? null);
    this.env.addGlobal('device_attr', (id: string | null, attr: string) => {
      const device = ha.devices.find((d) => d.id === id);
      return device && attr === 'configuration_url' ? device.configurationUrl : null;
    });
  }

  /** Fires a Home Assistant event; resolves when every run it started (queued) is done. */
  fire(eventType: string, data: Json): Promise<void> {
    const triggers = (this.doc.triggers ?? []) as Json[];
    for (const trigger of triggers) {
      if (trigger.trigger !== 'event' || trigger.event_type !== eventType) continue;
      const wanted = (trigger.event_data ?? {}) as Json;
      if (!Object.entries(wanted).every(([k, v]) => JSON.stringify(data[k]) === JSON.stringify(v))) continue;
      const context = { trigger: { id: trigger.id, event: { event_type: eventType, data } } };
      this.queue = this.queue.then(() => this.run(context));
    }
    return this.queue;
  }

  private async run(context: Json): Promise<void> {
    let vars: Json = { ...context };
    for (const [name, value] of Object.entries((this.doc.variables ?? {}) as Json)) vars = { ...vars, [name]: this.render(value, vars) };
    await this.sequence((this.doc.actions ?? []) as Step[], vars);
  }

  private async sequence(steps: readonly Step[], start: Json): Promise<Json> {
    let vars = start;
    for (const step of steps) vars = await this.step(step, vars);
    return vars;
  }

  private async step(step: Step, vars: Json): Promise<Json> {
    if (step.choose) {
      for (const branch of step.choose as { conditions: Step[]; sequence: Step[] }[]) {
        if (branch.conditions.every((c) => this.condition(c, vars))) return this.sequence(branch.sequence, vars);
      }
      return vars;
    }
    if (step.if) {
      // `if` (conditions, all must hold) / `then` / `else` (helpers/script.py's _async_if_step).
      const conditions = (Array.isArray(step.if) ? step.if : [step.if]) as Step[];
      const branch = conditions.every((c) => this.condition(c, vars)) ? step.then : step.else;
      return this.sequence((branch ?? []) as Step[], vars);
    }
    if (step.variables) {
      let next = vars;
      for (const [name, value] of Object.entries(step.variables as Json)) next = { ...next, [name]: this.render(value, next) };
      return next;
    }
    if (step.domain === 'mobile_app' && step.type === 'notify') {
      this.notify(this.render({ title: step.title ?? '', message: step.message, data: step.data ?? {} }, vars) as Json);
      return vars;
    }
    if (step.action === 'mqtt.publish') {
      const data = this.render(step.data, vars) as { topic: string; payload: string; qos?: number };
      await this.ha.mqttPublish(data.topic, String(data.payload), data.qos === 1 ? 1 : 0);
      return vars;
    }
    throw new Error(`step not modelled: ${JSON.stringify(step)}`);
  }

  private condition(condition: Step, vars: Json): boolean {
    if (condition.condition === 'trigger') return (vars.trigger as Json).id === condition.id;
    if (condition.condition === 'template') {
      const text = String(this.renderText(String(condition.value_template), vars))
        .trim()
        .toLowerCase();
      return ['true', 'yes', 'on', 'enable', '1'].includes(text);
    }
    throw new Error(`condition not modelled: ${JSON.stringify(condition)}`);
  }

  private notify(call: Json): void {
    const data = (call.data ?? {}) as Json;
    const tag = String(data.tag ?? `untagged-${this.ha.phone.rings.length}`);
    if (call.message === 'clear_notification') {
      this.ha.phone.tray.delete(tag);
      return;
    }
    const notification: Notification = { tag, title: String(call.title), message: String(call.message), data };
    const isNew = !this.ha.phone.tray.has(tag);
    this.ha.phone.tray.set(tag, notification);
    if (isNew || data.alert_once !== true) this.ha.phone.rings.push(notification);
  }

  private render(node: unknown, vars: Json): unknown {
    if (typeof node === 'string') return node.includes('{{') ? this.renderValue(node, vars) : node;
    if (Array.isArray(node)) return node.map((n) => this.render(n, vars));
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, this.render(v, vars)]));
    return node;
  }

  /** One `{{ expr }}` block: the value itself (HA's native types); anything else: the text. */
  private renderValue(template: string, vars: Json): unknown {
    const single = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(template);
    if (!single?.[1] || single[1].includes('{{') || single[1].includes('}}')) return this.renderText(template, vars);
    let kept: unknown = null;
    this.env.addFilter('__keep', (v: unknown) => {
      kept = v;
      return '';
    });
    this.env.renderString(`{{ (${single[1]}) | __keep }}`, vars);
    return kept;
  }

  private renderText(template: string, vars: Json): string {
    return this.env.renderString(template, vars);
  }
}

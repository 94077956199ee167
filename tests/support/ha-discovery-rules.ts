// Checks MQTT discovery configs and entity states against tests/support/rules/ha-rules.json (Home
// Assistant's discovery schemas in machine-readable form; rules/README.md names the upstream files).
// Used by the discovery unit tests, the broker tests and the add-on tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './paths.js';

interface PlatformRules {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  readonly exclusive: readonly (readonly string[])[];
  readonly one_of_required?: readonly (readonly string[])[];
  readonly device_class_enum?: string | readonly string[];
  readonly state_class_enum?: readonly string[];
}

export interface HaRules {
  readonly mqtt_common: {
    readonly supported_components: readonly string[];
    readonly entity_category: readonly string[];
    readonly availability_modes: readonly string[];
    readonly qos: readonly number[];
    readonly attributes_blocked: readonly string[];
    readonly availability_list_item: { readonly required: readonly string[]; readonly optional: readonly string[] };
    readonly device: {
      readonly at_least_one_of: readonly string[];
      readonly optional: readonly string[];
      readonly configuration_url_schemes: readonly string[];
    };
    readonly origin: { readonly required: readonly string[]; readonly optional: readonly string[] };
  };
  readonly device_classes: Readonly<Record<string, readonly string[]>>;
  readonly mqtt_discovery_platforms: Readonly<Record<string, PlatformRules>>;
  readonly abbreviations: Readonly<Record<string, string>>;
  readonly device_abbreviations: Readonly<Record<string, string>>;
  readonly origin_abbreviations: Readonly<Record<string, string>>;
  readonly linter: { readonly defaults_flagged: Readonly<Record<string, unknown>>; readonly map_string_pattern: string };
  readonly addon_config_types: Readonly<
    Record<string, { readonly type: string; readonly pattern?: string; readonly items?: readonly string[] }>
  >;
  readonly addon_config_required: readonly string[];
  readonly schema_types: { readonly regex: string };
  readonly repository_yaml: { readonly required: readonly string[]; readonly optional: readonly string[] };
}

export function loadHaRules(): HaRules {
  return JSON.parse(readFileSync(join(REPO_DIR, 'tests', 'support', 'rules', 'ha-rules.json'), 'utf8')) as HaRules;
}

type Json = Record<string, unknown>;
const TOPIC_REGEX = /^(\w+)\/(?:([a-zA-Z0-9_-]+)\/)?([a-zA-Z0-9_-]+)\/config$/;
// Inherited from a device payload's root by each component unless it sets them itself.
const SHARED_ROOT_KEYS = [
  'availability',
  'availability_topic',
  'availability_mode',
  'availability_template',
  'payload_available',
  'payload_not_available',
  'state_topic',
  'command_topic',
  'qos',
  'encoding',
  'message_expiry_interval',
];

/** What an entity's states must look like, learned from its config. */
interface EntityShape {
  readonly platform: string;
  readonly config: Json;
}

/**
 * Collects configs and states seen on the broker (or built by the builder) and lists every rule
 * they break. Unknown keys are reported too: HA would drop them silently, which hides typos.
 */
export class HaDiscoveryChecker {
  readonly problems: string[] = [];
  private readonly uniqueIds = new Map<string, string>();
  private readonly byStateTopic = new Map<string, EntityShape[]>();

  constructor(
    private readonly rules: HaRules,
    private readonly discoveryPrefix = 'homeassistant',
  ) {}

  /** A discovery config message (empty payload = removal). */
  checkConfig(topic: string, payload: string, retain: boolean): void {
    const where = topic;
    if (!retain) this.problems.push(`${where}: discovery configs must be retained`);
    this.checkTopicName(where, topic);
    if (!topic.startsWith(`${this.discoveryPrefix}/`)) return void this.problems.push(`${where}: not under ${this.discoveryPrefix}/`);
    const match = TOPIC_REGEX.exec(topic.slice(this.discoveryPrefix.length + 1));
    if (!match) return void this.problems.push(`${where}: illegal discovery topic`);
    const component = match[1] ?? '';
    if (component !== 'device' && !this.rules.mqtt_common.supported_components.includes(component)) {
      this.problems.push(`${where}: unsupported component ${component}`);
    }
    if (payload === '') return;
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return void this.problems.push(`${where}: payload is not JSON`);
    }
    if (!isObject(json)) return void this.problems.push(`${where}: payload is not a JSON object`);
    const expanded = this.expand(json);
    if (component === 'device') this.checkDevicePayload(where, expanded);
    else this.checkEntity(where, component, expanded);
  }

  /** A state message on a topic some checked config uses. */
  checkState(topic: string, payload: string, retain: boolean): void {
    for (const { platform, config } of this.byStateTopic.get(topic) ?? []) {
      const where = `${topic} (${String(config.unique_id)})`;
      if (config.json_attributes_topic === topic) this.checkAttributes(where, payload);
      else if (platform === 'event') this.checkEventState(where, config, payload, retain);
      else if (platform === 'sensor') this.checkSensorState(where, config, payload);
      else if (platform === 'binary_sensor' || platform === 'switch') this.checkOnOffState(where, config, payload);
    }
  }

  /** Topics the checked configs subscribe HA to (states, attributes, images). */
  stateTopics(): string[] {
    return [...this.byStateTopic.keys()];
  }

  private checkDevicePayload(where: string, payload: Json): void {
    const rules = this.platform('device');
    if (!rules) return;
    this.checkKeys(where, payload, rules);
    const components = payload.components;
    if (!isObject(components) || Object.keys(components).length === 0)
      return void this.problems.push(`${where}: components missing or empty`);
    for (const [id, raw] of Object.entries(components)) {
      if (!isObject(raw)) {
        this.problems.push(`${where}#${id}: component is not an object`);
        continue;
      }
      const platform = raw.platform;
      if (typeof platform !== 'string' || !this.rules.mqtt_common.supported_components.includes(platform)) {
        this.problems.push(`${where}#${id}: platform missing or unsupported`);
        continue;
      }
      if (Object.keys(raw).length > 1 && raw.unique_id === undefined)
        this.problems.push(`${where}#${id}: unique_id required in device discovery`);
      const inherited = Object.fromEntries(
        SHARED_ROOT_KEYS.filter((k) => payload[k] !== undefined && raw[k] === undefined).map((k) => [k, payload[k]]),
      );
      const availabilityOverride = raw.availability !== undefined || raw.availability_topic !== undefined;
      if (availabilityOverride) {
        delete inherited.availability;
        delete inherited.availability_topic;
      }
      this.checkEntity(`${where}#${id}`, platform, { ...inherited, ...raw, device: payload.device, origin: payload.origin });
    }
  }

  private checkEntity(where: string, platform: string, config: Json): void {
    const rules = this.platform(platform);
    if (!rules) return;
    this.checkKeys(where, config, rules);
    this.checkCommon(where, platform, config);
    this.checkPlatformConstraints(where, platform, config);
    this.remember(platform, config);
  }

  private checkKeys(where: string, config: Json, rules: PlatformRules): void {
    const known = new Set([...rules.required, ...rules.optional, 'platform', 'device', 'origin']);
    for (const key of rules.required) if (config[key] === undefined) this.problems.push(`${where}: required key ${key} missing`);
    for (const key of Object.keys(config)) if (!known.has(key)) this.problems.push(`${where}: unknown key ${key}`);
    for (const group of rules.exclusive) {
      const present = group.filter((k) => config[k] !== undefined);
      if (present.length > 1) this.problems.push(`${where}: ${present.join(' and ')} are exclusive`);
    }
    for (const group of rules.one_of_required ?? []) {
      if (!group.some((k) => config[k] !== undefined)) this.problems.push(`${where}: one of ${group.join(', ')} required`);
    }
  }

  private checkCommon(where: string, platform: string, config: Json): void {
    const common = this.rules.mqtt_common;
    const uniqueId = config.unique_id;
    if (typeof uniqueId !== 'string' || uniqueId === '') this.problems.push(`${where}: unique_id missing`);
    else {
      const previous = this.uniqueIds.get(uniqueId);
      if (previous !== undefined && previous !== where) this.problems.push(`${where}: unique_id ${uniqueId} also used by ${previous}`);
      this.uniqueIds.set(uniqueId, where);
    }
    const entityId = config.default_entity_id;
    if (typeof entityId !== 'string' || !new RegExp(`^${platform}\\.[a-z0-9_]+$`).test(entityId)) {
      this.problems.push(`${where}: default_entity_id must be ${platform}.<object_id>, got ${String(entityId)}`);
    }
    if (config.entity_category !== undefined && !common.entity_category.includes(String(config.entity_category)))
      this.problems.push(`${where}: bad entity_category`);
    if (config.availability_mode !== undefined && !common.availability_modes.includes(String(config.availability_mode)))
      this.problems.push(`${where}: bad availability_mode`);
    if (config.qos !== undefined && !common.qos.includes(Number(config.qos))) this.problems.push(`${where}: bad qos`);
    if (config.icon !== undefined && !/^mdi:[a-z0-9-]+$/.test(String(config.icon))) this.problems.push(`${where}: icon must be mdi:<name>`);
    this.checkAvailability(where, config.availability);
    this.checkDevice(where, config.device);
    this.checkOrigin(where, config.origin);
    for (const [key, value] of Object.entries(config)) {
      if (key.endsWith('_topic') && typeof value === 'string') this.checkTopicName(`${where}.${key}`, value);
    }
  }

  private checkAvailability(where: string, availability: unknown): void {
    if (availability === undefined) return;
    if (!Array.isArray(availability) || availability.length === 0)
      return void this.problems.push(`${where}: availability must be a non-empty list`);
    const item = this.rules.mqtt_common.availability_list_item;
    const allowed = new Set([...item.required, ...item.optional]);
    for (const entry of availability) {
      if (!isObject(entry) || typeof entry.topic !== 'string') this.problems.push(`${where}: availability entry needs a topic`);
      else
        for (const key of Object.keys(entry))
          if (!allowed.has(key)) this.problems.push(`${where}: availability entry has unknown key ${key}`);
    }
  }

  private checkDevice(where: string, device: unknown): void {
    if (device === undefined) return void this.problems.push(`${where}: device block missing`);
    if (!isObject(device)) return void this.problems.push(`${where}: device is not an object`);
    const rules = this.rules.mqtt_common.device;
    if (!rules.at_least_one_of.some((k) => device[k] !== undefined))
      this.problems.push(`${where}: device needs identifiers or connections`);
    const allowed = new Set([...rules.at_least_one_of, ...rules.optional]);
    for (const key of Object.keys(device)) if (!allowed.has(key)) this.problems.push(`${where}: device has unknown key ${key}`);
    if (typeof device.name !== 'string' || device.name === '')
      this.problems.push(`${where}: device name missing (send the full device block)`);
    this.checkUrlScheme(`${where}: device.configuration_url`, device.configuration_url, rules.configuration_url_schemes);
  }

  private checkOrigin(where: string, origin: unknown): void {
    if (!isObject(origin)) return void this.problems.push(`${where}: origin missing`);
    const rules = this.rules.mqtt_common.origin;
    for (const key of rules.required) if (typeof origin[key] !== 'string') this.problems.push(`${where}: origin.${key} missing`);
    const allowed = new Set([...rules.required, ...rules.optional]);
    for (const key of Object.keys(origin)) if (!allowed.has(key)) this.problems.push(`${where}: origin has unknown key ${key}`);
    this.checkUrlScheme(`${where}: origin.support_url`, origin.support_url, ['http', 'https']);
  }

  private checkUrlScheme(where: string, url: unknown, schemes: readonly string[]): void {
    if (url === undefined) return;
    const scheme = typeof url === 'string' ? /^([a-z][a-z0-9+.-]*):\/\/./.exec(url)?.[1] : undefined;
    if (scheme === undefined || !schemes.includes(scheme)) this.problems.push(`${where} must use ${schemes.join('/')}`);
  }

  private checkPlatformConstraints(where: string, platform: string, config: Json): void {
    const rules = this.platform(platform);
    const enumRef = rules?.device_class_enum;
    const classes = typeof enumRef === 'string' ? this.rules.device_classes[enumRef] : enumRef;
    if (config.device_class !== undefined && classes && !classes.includes(String(config.device_class))) {
      this.problems.push(`${where}: device_class ${String(config.device_class)} not valid for ${platform}`);
    }
    if (platform === 'sensor') this.checkSensorConfig(where, config, rules);
    if (platform === 'event') {
      const types = config.event_types;
      if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string'))
        this.problems.push(`${where}: event_types must be a non-empty list of strings`);
    }
    if (platform === 'image' && config.url_topic !== undefined && config.content_type !== undefined)
      this.problems.push(`${where}: content_type not allowed with url_topic`);
  }

  private checkSensorConfig(where: string, config: Json, rules: PlatformRules | undefined): void {
    if (config.state_class !== undefined && !(rules?.state_class_enum ?? []).includes(String(config.state_class)))
      this.problems.push(`${where}: bad state_class`);
    if (config.options !== undefined) {
      if (!Array.isArray(config.options) || config.options.length === 0) this.problems.push(`${where}: options must be a non-empty list`);
      if (config.device_class !== 'enum') this.problems.push(`${where}: options only with device_class enum`);
      if (config.state_class !== undefined || config.unit_of_measurement !== undefined)
        this.problems.push(`${where}: options not with state_class or unit`);
    }
    if (config.device_class === 'enum' && config.options === undefined) this.problems.push(`${where}: enum sensor needs options`);
    if (config.last_reset_value_template !== undefined && config.state_class !== 'total')
      this.problems.push(`${where}: last_reset only with state_class total`);
  }

  private checkEventState(where: string, config: Json, payload: string, retain: boolean): void {
    if (retain) this.problems.push(`${where}: event messages must not be retained`);
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return void this.problems.push(`${where}: event payload is not JSON`);
    }
    const types = Array.isArray(config.event_types) ? config.event_types : [];
    if (!isObject(json) || !types.includes(json.event_type)) this.problems.push(`${where}: event_type not in event_types`);
  }

  private checkSensorState(where: string, config: Json, payload: string): void {
    if (payload === '') return;
    if (config.value_template !== undefined) {
      if (!isObject(safeJson(payload))) this.problems.push(`${where}: state read by value_template must be JSON`);
      return;
    }
    if ([...payload].length > 255) this.problems.push(`${where}: state longer than 255 characters`);
    if (Array.isArray(config.options) && !config.options.includes(payload)) this.problems.push(`${where}: state ${payload} not in options`);
    if (config.state_class !== undefined && Number.isNaN(Number(payload)))
      this.problems.push(`${where}: numeric sensor state ${payload} is not a number`);
  }

  private checkOnOffState(where: string, config: Json, payload: string): void {
    if (payload === '') return;
    const on = typeof config.payload_on === 'string' ? config.payload_on : 'ON';
    const off = typeof config.payload_off === 'string' ? config.payload_off : 'OFF';
    const stateOn = typeof config.state_on === 'string' ? config.state_on : on;
    const stateOff = typeof config.state_off === 'string' ? config.state_off : off;
    if (payload !== stateOn && payload !== stateOff) this.problems.push(`${where}: state ${payload} is neither ${stateOn} nor ${stateOff}`);
  }

  private checkAttributes(where: string, payload: string): void {
    if (payload === '') return;
    const json = safeJson(payload);
    if (!isObject(json)) return void this.problems.push(`${where}: attributes must be a JSON object`);
    for (const key of Object.keys(json))
      if (this.rules.mqtt_common.attributes_blocked.includes(key)) this.problems.push(`${where}: attribute ${key} is dropped by HA`);
  }

  private checkTopicName(where: string, topic: string): void {
    // eslint-disable-next-line no-control-regex
    if (topic === '' || /[\u0000-\u001f\u007f-\u009f]/.test(topic)) this.problems.push(`${where}: invalid topic characters`);
    if (topic.includes('+') || topic.includes('#')) this.problems.push(`${where}: publish topics may not hold wildcards`);
    if (Buffer.byteLength(topic) > 65535) this.problems.push(`${where}: topic too long`);
  }

  private remember(platform: string, config: Json): void {
    for (const key of ['state_topic', 'json_attributes_topic', 'image_topic']) {
      const topic = config[key];
      if (typeof topic !== 'string') continue;
      const list = this.byStateTopic.get(topic) ?? [];
      list.push({ platform, config });
      this.byStateTopic.set(topic, list);
    }
  }

  private platform(name: string): PlatformRules | undefined {
    const rules = this.rules.mqtt_discovery_platforms[name];
    if (!rules) this.problems.push(`no rules for platform ${name}`);
    return rules;
  }

  /** Expands abbreviations at the top level, in availability items, device, origin and components. */
  private expand(payload: Json): Json {
    const top = rename(payload, this.rules.abbreviations);
    if (isObject(top.device)) top.device = rename(top.device, this.rules.device_abbreviations);
    if (isObject(top.origin)) top.origin = rename(top.origin, this.rules.origin_abbreviations);
    if (Array.isArray(top.availability))
      top.availability = top.availability.map((a) => (isObject(a) ? rename(a, this.rules.abbreviations) : a));
    if (isObject(top.components)) {
      top.components = Object.fromEntries(Object.entries(top.components).map(([id, c]) => [id, isObject(c) ? this.expand(c) : c]));
    }
    return top;
  }
}

function rename(record: Json, table: Readonly<Record<string, string>>): Json {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [table[key] ?? key, value]));
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

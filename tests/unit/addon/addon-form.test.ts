import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/src/config/load-config.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { readAddonConfig, schemaTypeRegex } from './addon-files.js';
import { haFormSchema, saveUntouched, supervisorUiSchema, type FormEntry, type Selector, type UiNode } from './ha-options-form.js';
import { validateOptions } from './supervisor-options.js';

const config = readAddonConfig();
const regex = schemaTypeRegex();
const tmp = makeTempDir('homesec-addon-form-');
afterAll(() => tmp.remove());

/** Every selector of the form with its path; list items' fields under `name[]`. */
function selectors(form: readonly FormEntry[], prefix = ''): { path: string; selector: Selector }[] {
  return form.flatMap((entry) => {
    const path = prefix ? `${prefix}.${entry.name}` : entry.name;
    if ('type' in entry) return selectors(entry.schema, path);
    return objectSelectors(entry.selector, path);
  });
}

function objectSelectors(selector: Selector, path: string): { path: string; selector: Selector }[] {
  if (!('object' in selector)) return [{ path, selector }];
  const at = selector.object.multiple ? `${path}[]` : path;
  return [
    { path, selector },
    ...Object.entries(selector.object.fields ?? {}).flatMap(([key, field]) => objectSelectors(field.selector, `${at}.${key}`)),
  ];
}

/** Paths of the schema's lists of values (not lists of sections). */
function valueLists(ui: readonly UiNode[], prefix = ''): string[] {
  return ui.flatMap((node) => {
    const path = prefix ? `${prefix}.${node.name}` : node.name;
    if (node.type === 'schema') return valueLists(node.schema ?? [], node.multiple ? `${path}[]` : path);
    return node.multiple ? [path] : [];
  });
}

function loadAsAddon(options: Record<string, unknown>, name: string) {
  const path = join(tmp.path, name);
  writeFileSync(path, JSON.stringify(options));
  const loaded = loadConfig({ env: { HOMESEC_OPTIONS_PATH: path } });
  if (!loaded.ok) throw new Error(loaded.error.problems.join('\n'));
  return loaded.value.config;
}

describe("the add-on options in Home Assistant's form", () => {
  const ui = supervisorUiSchema(config.schema);
  const form = haFormSchema(ui);
  const all = new Map(selectors(form).map((s) => [s.path, s.selector]));

  it('renders every list of values as a multi-valued free-text field, never as one select or one number', () => {
    // Given the schema's lists of values (labels, recipients, activity types, extensions)
    const lists = valueLists(ui);
    expect(lists).toEqual(expect.arrayContaining(['detector.labels', 'alerts.always_alert_activities', 'notify.email.to']));
    expect(lists).toContain('alerts.overrides[].always_alert_activities');

    // When the frontend picks a selector for each
    // Then each is a select with multiple values and custom values
    for (const path of lists) {
      expect(all.get(path), path).toStrictEqual({ select: { options: [], multiple: true, custom_value: true } });
    }
  });

  it('renders sections as sub-forms and lists of sections as list editors with their fields', () => {
    // Then cameras and per-camera overrides are list editors (their own sections flattened into fields)
    const cameras = all.get('cameras');
    expect(cameras && 'object' in cameras && cameras.object.multiple).toBe(true);
    expect(all.get('cameras[].motion_mask')).toStrictEqual({ select: { options: [], multiple: true, custom_value: true } });
    expect(all.get('cameras[].source')).toStrictEqual({ select: { options: ['folder', 'ftp', 'rtsp', 'home_assistant'] } });
    // And a section (detector) is an expandable sub-form, not a YAML box
    expect(form.find((e) => e.name === 'detector')).toMatchObject({ type: 'expandable' });
    expect(all.get('notify.email.smtp.password')).toStrictEqual({ text: { type: 'password' } });
  });

  it('round-trips the default options: shown, saved untouched, accepted by the Supervisor, loaded as the defaults', () => {
    // Given the default options as the Supervisor hands them to the form
    // When the form shows them and the user saves without changes
    const { saved, problems } = saveUntouched(form, config.options);

    // Then every value fits its field and the saved options equal the defaults
    expect(problems).toStrictEqual([]);
    expect(saved).toStrictEqual(config.options);
    // And the Supervisor accepts them
    expect(validateOptions(config.schema, saved, regex)).toStrictEqual([]);
    // And HomeSec loads them to exactly the configuration it has with no options set at all
    expect(loadAsAddon(saved, 'saved.json')).toStrictEqual(loadAsAddon({}, 'empty.json'));
  });

  it('round-trips a configuration that uses the lists, sections and per-camera settings', () => {
    // Given options with cameras of every source (one with motion masks), overrides, email and FTP
    const options = {
      ...config.options,
      cameras: [
        {
          name: 'front_door',
          source: 'rtsp',
          url: 'rtsp://user:pass@192.168.1.20:554/stream1',
          motion_min_changed_pct: 2,
          motion_mask: ['0,0,0.3,0.1', '0.8, 0.9, 0.2, 0.1'],
        },
        { name: 'garden', source: 'ftp', password: 'secret' },
        { name: 'garage', source: 'folder' },
      ],
      alerts: {
        ...(config.options.alerts as object),
        always_alert_activities: ['dangerous_activity', 'suspicious_behavior'],
        quiet_hours: { start: '23:00', end: '06:00' },
        overrides: [{ camera: 'garden', always_alert_activities: ['passerby'], quiet_hours_start: '22:00', quiet_hours_end: '07:00' }],
      },
      ftp: { ...(config.options.ftp as object), passive_url: '192.168.1.10' },
    };
    // When the form saves them untouched
    const { saved, problems } = saveUntouched(form, options);
    // Then they fit the fields, the Supervisor accepts them and HomeSec loads them
    expect(problems).toStrictEqual([]);
    expect(validateOptions(config.schema, saved, regex)).toStrictEqual([]);
    const loaded = loadAsAddon(saved, 'user.json');
    expect(loaded.alerts.alwaysAlertActivities).toStrictEqual(['dangerous_activity', 'suspicious_behavior']);
    expect(loaded.cameras.map((c) => c.name)).toStrictEqual(['front_door', 'garden', 'garage']);
    // And the flattened per-camera settings are back where the config has them
    expect(loaded.cameras[0]).toMatchObject({
      motion: {
        minChangedPct: 2,
        mask: [
          { x: 0, y: 0, w: 0.3, h: 0.1 },
          { x: 0.8, y: 0.9, w: 0.2, h: 0.1 },
        ],
      },
    });
    expect(loaded.alerts.overrides[0]?.quietHours).toStrictEqual({ start: '22:00', end: '07:00', minRisk: 'critical' });
    // And the folder camera without a path watches the shared folder
    expect(loaded.cameras[2]).toMatchObject({ source: 'folder', path: '/share/homesec/garage' });
  });

  it('would catch a list of choices: HA renders `[list(a|b)]` as one select that cannot hold the list', () => {
    // Given the schema HomeSec used to have for always_alert_activities
    const oldForm = haFormSchema(supervisorUiSchema({ always_alert_activities: ['list(passerby|dangerous_activity)'] }));
    // When its default is shown and saved
    const { problems } = saveUntouched(oldForm, { always_alert_activities: ['dangerous_activity'] });
    // Then the form cannot hold it
    expect(problems).toStrictEqual(['always_alert_activities: a single select holds one string, got ["dangerous_activity"]']);
  });
});

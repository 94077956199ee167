import { useQuery } from '@tanstack/react-query';
import { failureText } from '../api';
import { AddHaCamera } from '../components/AddHaCamera';
import { useDeleteRule } from '../hooks/useReviewActions';
import { eventHref } from '../hooks/useHashRoute';
import { rulesQuery, settingsQuery } from '../review-queries';
import type { RuleView } from '../review-contract';
import './review.css';
import './panels.css';

const MASK = '********';

/** The feedback rules (removable) and the configuration in effect, in the user's words, secrets masked. */
export function SettingsPage() {
  const rules = useQuery(rulesQuery);
  const settings = useQuery(settingsQuery);
  const remove = useDeleteRule();
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Your rules</h2>
        <p className="muted">
          Made from false alarms; an event they cover does not alert, and says which rule stopped it. No rule silences a critical verdict or
          an activity that always alerts.
        </p>
        {rules.error && (
          <p className="error-text" role="alert">
            {failureText(rules.error)}
          </p>
        )}
        {rules.data?.length === 0 && <p className="empty">No rules yet. Mark an event as a false alarm to make one.</p>}
        <ul className="rule-list" aria-label="Rules">
          {rules.data?.map((rule) => (
            <li key={rule.id} data-rule-id={rule.id}>
              <span>
                {rule.description}
                <span className="muted"> · {ruleStatus(rule)}</span>
                {rule.fromEventId && (
                  <>
                    {' '}
                    <a href={eventHref(rule.fromEventId)} className="muted">
                      (from this event)
                    </a>
                  </>
                )}
              </span>
              <button
                type="button"
                className="danger"
                onClick={() => remove.mutate(rule.id)}
                aria-label={`Remove rule: ${rule.description}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
        {remove.isError && (
          <p className="error-text" role="alert">
            {failureText(remove.error)}
          </p>
        )}
      </section>
      <section className="card config-tree" aria-labelledby="config-heading">
        <h2 id="config-heading">Configuration in effect</h2>
        <p className="muted">Change it in the add-on’s Configuration tab (or the YAML file). Secrets are never shown.</p>
        {settings.error && (
          <p className="error-text" role="alert">
            {failureText(settings.error)}
          </p>
        )}
        {settings.data && <ConfigValue value={settings.data.config} />}
      </section>
      <AddHaCamera />
    </section>
  );
}

function ConfigValue({ value }: { readonly value: unknown }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <dd>none</dd>;
    if (value.every((v) => typeof v !== 'object' || v === null)) return <dd>{value.map(String).join(', ')}</dd>;
    return (
      <dl>
        {value.map((item, i) => (
          <ConfigEntry key={i} name={`#${i + 1}`} value={item} />
        ))}
      </dl>
    );
  }
  if (typeof value === 'object' && value !== null) {
    return (
      <dl>
        {Object.entries(value).map(([key, child]) => (
          <ConfigEntry key={key} name={key} value={child} />
        ))}
      </dl>
    );
  }
  return <dd>{shown(value)}</dd>;
}

function ConfigEntry({ name, value }: { readonly name: string; readonly value: unknown }) {
  const nested = typeof value === 'object' && value !== null && !(Array.isArray(value) && value.every((v) => typeof v !== 'object'));
  return (
    <>
      <dt>{name}</dt>
      {nested ? (
        <dd className="nested">
          <ConfigValue value={value} />
        </dd>
      ) : (
        <ConfigValue value={value} />
      )}
    </>
  );
}

function shown(value: unknown): string {
  if (value === MASK) return '•••••• (hidden)';
  if (value === '') return '(empty)';
  if (value === null || value === undefined) return '(none)';
  return String(value);
}

/** Until when the rule applies and how often it kept an event quiet, in words. */
function ruleStatus(rule: RuleView): string {
  const fired = rule.hits === 1 ? 'fired once' : `fired ${rule.hits} times`;
  const last = rule.lastHitAt ? `, last ${new Date(rule.lastHitAt).toLocaleString()}` : '';
  const skips = rule.skipAnalysis ? ' · skips the vision model' : '';
  if (rule.expiresAt === null) return `for ever · ${fired}${last}${skips}`;
  const end = new Date(rule.expiresAt);
  const until = end.getTime() <= Date.now() ? `expired ${end.toLocaleString()}` : `until ${end.toLocaleString()}`;
  return `${until} · ${fired}${last}${skips}`;
}

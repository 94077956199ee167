import { useEffect, useState } from 'react';
import { RISKS, STATUSES } from '../contract';
import type { ClipFilters } from '../filters';
import { NO_FILTERS } from '../filters';

interface Props {
  readonly filters: ClipFilters;
  readonly cameras: readonly string[];
  readonly onChange: (filters: ClipFilters) => void;
}

const LABELS = ['person', 'car', 'truck', 'bicycle', 'motorcycle', 'dog', 'cat', 'bird'];

/** Filters and search; the search box waits for a pause in typing before asking the server. */
export function FilterBar({ filters, cameras, onChange }: Props) {
  const [text, setText] = useState(filters.text);
  useEffect(() => {
    if (text === filters.text) return;
    const timer = setTimeout(() => onChange({ ...filters, text }), 300);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  const set = <K extends keyof ClipFilters>(key: K, value: ClipFilters[K]) => onChange({ ...filters, [key]: value });
  const active = Object.values(filters).some((value) => value !== '');

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        aria-label="Search summaries"
        placeholder="Search what happened…"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select aria-label="Camera" value={filters.camera} onChange={(e) => set('camera', e.target.value)}>
        <option value="">All cameras</option>
        {cameras.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <select aria-label="Object" value={filters.label} onChange={(e) => set('label', e.target.value)}>
        <option value="">Any object</option>
        {LABELS.map((label) => (
          <option key={label} value={label}>
            {label}
          </option>
        ))}
      </select>
      <select aria-label="Minimum risk" value={filters.minRisk} onChange={(e) => set('minRisk', e.target.value as ClipFilters['minRisk'])}>
        <option value="">Any risk</option>
        {RISKS.map((risk) => (
          <option key={risk} value={risk}>
            {risk} or more
          </option>
        ))}
      </select>
      <select aria-label="Alerted" value={filters.alerted} onChange={(e) => set('alerted', e.target.value as ClipFilters['alerted'])}>
        <option value="">Alerted or not</option>
        <option value="true">Alerted</option>
        <option value="false">Not alerted</option>
      </select>
      <select aria-label="Status" value={filters.status} onChange={(e) => set('status', e.target.value)}>
        <option value="">Any status</option>
        {STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      <label className="date">
        From <input type="date" value={filters.fromDay} onChange={(e) => set('fromDay', e.target.value)} />
      </label>
      <label className="date">
        To <input type="date" value={filters.toDay} onChange={(e) => set('toDay', e.target.value)} />
      </label>
      {active && (
        <button
          type="button"
          className="text-button"
          onClick={() => {
            setText('');
            onChange(NO_FILTERS);
          }}
        >
          Clear
        </button>
      )}
    </form>
  );
}

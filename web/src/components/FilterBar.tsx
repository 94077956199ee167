import { useEffect, useId, useState } from 'react';
import { countFilters, NO_FILTERS, type ClipFilters } from '../filters';
import { useCameras } from '../hooks/useCameras';
import { FILTER_STATUSES, RISK_LEVELS, RISK_WORDS, STATUS_WORDS } from '../wire-values';

interface Props {
  readonly filters: ClipFilters;
  readonly onChange: (filters: ClipFilters) => void;
}

/** Objects people filter by most; any other label can still be searched in the summaries. */
const LABELS = ['person', 'car', 'truck', 'bicycle', 'motorcycle', 'dog', 'cat', 'bird'];

/**
 * Search plus filters. On a phone the filters fold behind one button (with how many are set), so the clips,
 * not the form, fill the first screen; from tablet width up they are always shown (CSS decides).
 * The search box waits for a pause in typing before asking the server.
 */
export function FilterBar({ filters, onChange }: Props) {
  const [text, setText] = useState(filters.text);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const { cameras } = useCameras();
  useEffect(() => {
    if (text === filters.text) return;
    const timer = setTimeout(() => onChange({ ...filters, text }), 300);
    return () => clearTimeout(timer);
  }, [text, filters, onChange]);

  const set = <K extends keyof ClipFilters>(key: K, value: ClipFilters[K]) => onChange({ ...filters, [key]: value });
  const count = countFilters(filters);
  const active = count > 0 || filters.text !== '' || text !== '';

  return (
    <form className="filters" role="search" aria-label="Clips" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-row">
        <input
          type="search"
          aria-label="Search summaries"
          placeholder="Search what happened…"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="button" className="filter-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          Filters{count > 0 && ` (${count})`}
        </button>
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
      </div>
      <div id={panelId} className={`filter-panel${open ? ' open' : ''}`}>
        <select aria-label="Camera" value={filters.camera} onChange={(e) => set('camera', e.target.value)}>
          <option value="">All cameras</option>
          {(cameras ?? []).map(({ name }) => (
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
        <select
          aria-label="Minimum risk"
          value={filters.minRisk}
          onChange={(e) => set('minRisk', e.target.value as ClipFilters['minRisk'])}
        >
          <option value="">Any risk</option>
          {RISK_LEVELS.map((risk) => (
            <option key={risk} value={risk}>
              {RISK_WORDS[risk]} or more
            </option>
          ))}
        </select>
        <select aria-label="Alerted" value={filters.alerted} onChange={(e) => set('alerted', e.target.value as ClipFilters['alerted'])}>
          <option value="">Alerted or not</option>
          <option value="true">Alerted</option>
          <option value="false">Not alerted</option>
        </select>
        <select
          className="filter-wide"
          aria-label="Status"
          value={filters.status}
          onChange={(e) => set('status', e.target.value as ClipFilters['status'])}
        >
          <option value="">Any status</option>
          {FILTER_STATUSES.map((status) => (
            <option key={status} value={status}>
              {STATUS_WORDS[status]}
            </option>
          ))}
        </select>
        <label className="date">
          From <input type="date" value={filters.fromDay} onChange={(e) => set('fromDay', e.target.value)} />
        </label>
        <label className="date">
          To <input type="date" value={filters.toDay} onChange={(e) => set('toDay', e.target.value)} />
        </label>
      </div>
    </form>
  );
}

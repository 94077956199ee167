// Inside Home Assistant the dashboard is an iframe on HA's own origin (ingress), so it can read the theme HA
// applied to its page: surfaces and text follow the user's HA theme and dark mode, even when that differs from
// the device's setting. Standalone (or if the parent is not readable) the device's setting rules, through CSS.

/** HA's theme variables for surfaces and body text. Coloured text (links, errors, badges) keeps our own
 *  AA-checked colours: HA's default primary blue is too light for text on white. */
const FOLLOWED = [
  '--primary-background-color',
  '--secondary-background-color',
  '--card-background-color',
  '--primary-text-color',
  '--secondary-text-color',
  '--divider-color',
] as const;

/** The parent page's root element when it is Home Assistant's frontend on our origin; null otherwise. */
function homeAssistantRoot(): HTMLElement | null {
  if (window.parent === window) return null;
  try {
    const root = window.parent.document.documentElement;
    return getComputedStyle(root).getPropertyValue('--primary-background-color').trim() ? root : null;
  } catch {
    return null; // another origin: not HA's ingress
  }
}

/** Relative luminance of a computed `rgb(...)` colour, 0 (black) to 1 (white); null when not parsable. */
function luminance(rgb: string): number | null {
  const parts = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)/.exec(rgb);
  if (!parts) return null;
  const [r, g, b] = parts.slice(1, 4).map((part) => {
    const v = Number(part) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function copyTheme(from: HTMLElement): void {
  const source = getComputedStyle(from);
  const root = document.documentElement;
  for (const name of FOLLOWED) {
    const value = source.getPropertyValue(name).trim();
    if (value) root.style.setProperty(name, value);
    else root.style.removeProperty(name);
  }
  // HA's variables may be any CSS colour: let the browser resolve our (now HA's) background, then judge it.
  const level = luminance(getComputedStyle(root).backgroundColor);
  if (level !== null) root.dataset.theme = level < 0.2 ? 'dark' : 'light';
}

/** Follows HA's theme when embedded, now and whenever HA changes it (theme picker, dark mode, OS switch). */
export function followHomeAssistantTheme(): void {
  const haRoot = homeAssistantRoot();
  if (!haRoot) return;
  const update = () => copyTheme(haRoot);
  update();
  new MutationObserver(update).observe(haRoot, { attributes: true, attributeFilter: ['style', 'class'] });
  window.parent.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
}

import { useState, type ReactNode } from 'react';

export type Theme = 'dark' | 'light';

/** Switches `data-theme` on <html> (the CSS variables follow) and remembers the choice. */
export function ThemeToggle(): ReactNode {
  const [theme, setTheme] = useState<Theme>(() => (document.documentElement.dataset.theme === 'light' ? 'light' : 'dark'));
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      onClick={() => {
        document.documentElement.dataset.theme = next;
        try {
          localStorage.setItem('theme', next);
        } catch {
          // storage unavailable (private mode): the choice lasts for this page only
        }
        setTheme(next);
      }}
      aria-label={`switch to the ${next} theme`}
    >
      {theme === 'dark' ? '☀' : '☾'}
    </button>
  );
}

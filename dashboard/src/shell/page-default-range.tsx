import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

interface PageDefaultRangeState {
  /** The current page's default range (a board's `defaultRange`, e.g. `6h`); undefined for the last hour. */
  readonly value: string | undefined;
  readonly set: (value: string | undefined) => void;
}

const PageDefaultRangeContext = createContext<PageDefaultRangeState>({ value: undefined, set: () => undefined });

/** Lets the page tell the shell its default range, so the shell's time picker shows what the page shows. */
export function PageDefaultRangeProvider({ children }: { children: ReactNode }): ReactNode {
  const [value, set] = useState<string | undefined>(undefined);
  const state = useMemo(() => ({ value, set }), [value]);
  return <PageDefaultRangeContext.Provider value={state}>{children}</PageDefaultRangeContext.Provider>;
}

/** The default range the current page declared (undefined: the last hour). */
export function usePageDefaultRange(): string | undefined {
  return useContext(PageDefaultRangeContext).value;
}

/** Declares the page's default range (a board calls it with its `defaultRange`); cleared when the page goes. */
export function useDeclarePageDefaultRange(value: string | undefined): void {
  const { set } = useContext(PageDefaultRangeContext);
  useEffect(() => {
    set(value);
    return () => set(undefined);
  }, [value, set]);
}

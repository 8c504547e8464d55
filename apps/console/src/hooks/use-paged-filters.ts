import { useState } from 'react';

export interface PagedFilters<F> {
  filters: F;
  /** Changes some filters and goes back to the first page (the old offset may lie past the new end). */
  set: (patch: Partial<F>) => void;
  offset: number;
  setOffset: (offset: number) => void;
}

/** The filters and page offset of a list page: every filter change starts again at the first page. */
export function usePagedFilters<F>(initial: F | (() => F)): PagedFilters<F> {
  const [filters, setFilters] = useState<F>(initial);
  const [offset, setOffset] = useState(0);
  const set = (patch: Partial<F>): void => {
    setFilters((previous) => ({ ...previous, ...patch }));
    setOffset(0);
  };
  return { filters, set, offset, setOffset };
}

// Hash routing: #/queue, #/orders/12348-20261123-000001, #/search, #/ledgers, #/stats.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: string;
  param?: string;
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'queue', param: parts[1] };
}

export function useRoute(): Route {
  const [r, setR] = useState(parseHash(location.hash));
  useEffect(() => {
    const on = () => setR(parseHash(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return r;
}

export function go(page: string, param?: string) {
  location.hash = `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;
}

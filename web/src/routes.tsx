// routes.tsx - every page of the app, in one table. Citizen pages are in the
// first bundle (they are what a visitor on a slow line opens first); staff
// and administration pages are loaded on demand (their own chunk).
//
// Slots for the dossier features (later): add a row and a page file.
//   /nop-ho-so/:code   online submission wizard      (citizen)
//   /ho-so             my dossiers                    (citizen)
//   /tra-cuu           public lookup by code + second factor
//   /mot-cua           one-stop desk                  (staff: desk officer)
//   /xu-ly             processing inbox               (staff: specialist, leader)
//   /quan-tri/...      agencies, users, procedures, workflows (administrators)
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from './components/ui';
import { Home } from './pages/Home';
import { Search } from './pages/Search';
import { Procedure } from './pages/Procedure';
import { SignIn } from './pages/SignIn';
import { Register } from './pages/Register';
import { NotFound, Soon } from './pages/NotFound';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface Route {
  path: string;
  page: ComponentType<PageProps>;
}

/** A page whose code is fetched the first time it is shown. */
function lazy(load: () => Promise<{ default: ComponentType<PageProps> }>): ComponentType<PageProps> {
  let cached: ComponentType<PageProps> | null = null;
  return function Lazy(props: PageProps) {
    const [C, setC] = useState(() => cached);
    const [err, setErr] = useState<unknown>(null);
    useEffect(() => {
      if (!C)
        load().then(
          (m) => setC(() => (cached = m.default)),
          (e) => setErr(e),
        );
    }, []);
    if (err) return <ErrorBox error={err} retry={() => location.reload()} />;
    return C ? <C {...props} /> : <Loading />;
  };
}

export const routes: Route[] = [
  { path: '/', page: Home },
  { path: '/thu-tuc', page: Search },
  { path: '/thu-tuc/:code', page: Procedure },
  { path: '/dang-nhap', page: SignIn },
  { path: '/dang-ky', page: Register },
  { path: '/nop-ho-so/:code', page: Soon },
  { path: '/ho-so', page: Soon },
  { path: '/tra-cuu', page: Soon },
  { path: '/quan-tri', page: lazy(() => import('./pages/admin/AdminHome')) },
  { path: '/quan-tri/lich', page: lazy(() => import('./pages/admin/Calendar')) },
];

export const notFound = NotFound;

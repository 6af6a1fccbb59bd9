// routes.tsx - every page of the app, in one table. Citizen pages are in the
// first bundle (they are what a visitor on a slow line opens first); staff
// and administration pages are loaded on demand (their own chunk).
//
// Dossier pages: the public lookup (reached from the receipt's QR code on a
// phone, often a first visit) is in the first bundle; the wizard, my dossiers
// and the dossier page are one citizen chunk, the desk and the inbox staff chunks.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, Loading } from './components/ui';
import { Home } from './pages/Home';
import { Search } from './pages/Search';
import { Procedure } from './pages/Procedure';
import { SignIn } from './pages/SignIn';
import { Register } from './pages/Register';
import { NotFound } from './pages/NotFound';
import { Lookup } from './pages/Lookup';

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
  { path: '/tra-cuu', page: Lookup },
  { path: '/tra-cuu/:code', page: Lookup },
  { path: '/nop-ho-so/:code', page: lazy(() => import('./pages/dossiers/Submit')) },
  { path: '/ho-so', page: lazy(() => import('./pages/dossiers/MyDossiers')) },
  { path: '/ho-so/:code', page: lazy(() => import('./pages/dossiers/DossierPage')) },
  { path: '/mot-cua', page: lazy(() => import('./pages/staff/Desk')) },
  { path: '/mot-cua/tiep-nhan', page: lazy(() => import('./pages/staff/DeskReceive')) },
  { path: '/xu-ly', page: lazy(() => import('./pages/staff/Inbox')) },
  { path: '/quan-tri', page: lazy(() => import('./pages/admin/AdminHome')) },
  { path: '/quan-tri/lich', page: lazy(() => import('./pages/admin/Calendar')) },
  { path: '/quan-tri/co-quan', page: lazy(() => import('./pages/admin/Agencies')) },
  { path: '/quan-tri/nguoi-dung', page: lazy(() => import('./pages/admin/Users')) },
  { path: '/quan-tri/thu-tuc', page: lazy(() => import('./pages/admin/Procedures')) },
  { path: '/quan-tri/thu-tuc/:code', page: lazy(() => import('./pages/admin/ProcedureEdit')) },
  { path: '/quan-tri/quy-trinh', page: lazy(() => import('./pages/admin/Workflows')) },
];

export const notFound = NotFound;

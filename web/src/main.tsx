import { render, type ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './styles.css';
import { Footer, Header } from './components/Header';
import { Flash } from './components/ui';
import { useLang } from './i18n';
import { match, startRouter, useLocation } from './router';
import { notFound, routes, type PageProps } from './routes';
import { loadSession } from './session';

function App() {
  useLang();
  const loc = useLocation();
  const first = useRef(true);
  let params: Record<string, string> | null = null;
  let Page: ComponentType<PageProps> = notFound;
  for (const r of routes) {
    params = match(r.path, loc.path);
    if (params) {
      Page = r.page;
      break;
    }
  }
  const key = loc.path;

  // After a navigation, move focus to the new page's heading so screen-reader
  // and keyboard users start at the top of the new content.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page loaded on demand gets its heading a moment later: wait for it.
    let tries = 0, id = 0;
    const focus = () => {
      const h = document.querySelector<HTMLElement>('main h1');
      if (h || ++tries > 40) (h ?? document.getElementById('main'))?.focus({ preventScroll: true });
      else id = window.setTimeout(focus, 50);
    };
    id = window.setTimeout(focus, 0);
    return () => clearTimeout(id);
  }, [key]);

  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <div class="wrap" key={key}>
          <Flash />
          <Page params={params ?? {}} query={loc.query} />
        </div>
      </main>
      <Footer />
    </>
  );
}

startRouter();
void loadSession();
render(<App />, document.getElementById('app')!);

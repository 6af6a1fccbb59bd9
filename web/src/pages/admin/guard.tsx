import { useEffect } from 'preact/hooks';
import { navigate } from '../../router';

/** Sends a visitor who is not signed in to the sign-in page, then back here. */
export function RequireSignIn() {
  useEffect(() => {
    navigate('/dang-nhap?next=' + encodeURIComponent(location.pathname + location.search), { replace: true });
  }, []);
  return null;
}

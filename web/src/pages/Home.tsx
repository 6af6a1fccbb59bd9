import { SearchBox } from '../components/SearchBox';
import { useTitle } from '../components/ui';
import { t, useLang } from '../i18n';

const FIELDS = ['Hộ tịch', 'Chứng thực', 'Đất đai', 'Xây dựng', 'Thành lập và hoạt động của doanh nghiệp', 'Lao động'];

export function Home() {
  useLang();
  useTitle('');
  const steps = [1, 2, 3, 4] as const;
  return (
    <>
      <section class="hero" aria-labelledby="home-title">
        <h1 id="home-title" tabIndex={-1}>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <SearchBox big />
      </section>
      <section aria-labelledby="home-fields" class="section">
        <h2 id="home-fields">{t('home.fields')}</h2>
        <ul class="chips">
          {FIELDS.map((f) => (
            <li><a href={'/thu-tuc?field=' + encodeURIComponent(f)} lang="vi">{f}</a></li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="home-steps" class="section">
        <h2 id="home-steps">{t('home.steps')}</h2>
        <ol class="steps">
          {steps.map((n) => (
            <li>
              <span class="step-no" aria-hidden="true">{n}</span>
              <h3>{t(`home.step${n}`)}</h3>
              <p>{t(`home.step${n}.text`)}</p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

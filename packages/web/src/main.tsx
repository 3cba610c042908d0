import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app.tsx';
import { initI18n } from './i18n/index.ts';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

void initI18n().then(() => {
  createRoot(container).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
});

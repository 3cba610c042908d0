import { Button } from 'antd';
import { TranslationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLang, useLang } from '../i18n/index.ts';

/** One button that switches between Chinese and English. */
export function LangSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      onClick={() => void changeLang(lang === 'en' ? 'zh-CN' : 'en')}
    >
      {compact ? null : t('lang.switchTo')}
    </Button>
  );
}

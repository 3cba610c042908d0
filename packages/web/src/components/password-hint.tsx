import { Typography, type FormRule } from 'antd';
import { CheckCircleFilled, InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { checkPassword, defaultPasswordPolicy, errorMessage, type Lang } from '@tianheng/core';

/** The form rule for a new password: core's checkPassword, in the user's language. */
export function passwordRule(lang: Lang): FormRule {
  return {
    validator: (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') return Promise.resolve();
      const result = checkPassword(value);
      return result.ok
        ? Promise.resolve()
        : Promise.reject(new Error(errorMessage(result.reason, lang)));
    },
  };
}

/** A live hint under a new-password field: the policy, and whether the text meets it. */
export function PasswordHint({ value }: { value: string | undefined }) {
  const { t } = useTranslation();
  const policy = t('password.policy', {
    minLength: String(defaultPasswordPolicy.minLength),
    minClasses: String(defaultPasswordPolicy.minClasses),
  });
  if (!value) {
    return (
      <Typography.Text type="secondary" data-testid="password-hint">
        <InfoCircleOutlined /> {policy}
      </Typography.Text>
    );
  }
  const result = checkPassword(value);
  return result.ok ? (
    <Typography.Text type="success" data-testid="password-hint">
      <CheckCircleFilled /> {t('password.ok')}
    </Typography.Text>
  ) : (
    <Typography.Text type="warning" data-testid="password-hint">
      <InfoCircleOutlined /> {policy}
    </Typography.Text>
  );
}

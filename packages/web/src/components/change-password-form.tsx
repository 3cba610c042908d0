import { Alert, Button, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/endpoints.ts';
import { useLang } from '../i18n/index.ts';
import { PasswordHint, passwordRule } from './password-hint.tsx';
import { useServerErrors } from './server-errors.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const fields = ['currentPassword', 'newPassword'] as const;

/** Change one's own password: current, new (with the live policy hint), confirmation. */
export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<PasswordForm>();
  const newPassword = Form.useWatch('newPassword', form);
  const errors = useServerErrors(form, fields);
  const change = useMutation({
    mutationFn: (values: PasswordForm) =>
      api.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      }),
    onSuccess: () => {
      form.resetFields();
      onChanged();
    },
    onError: errors.show,
  });

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => {
        errors.clear();
        change.mutate(values);
      }}
      data-testid="change-password-form"
      style={{ maxWidth: 420 }}
    >
      {errors.formError ? (
        <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[
          { required: true, message: t('common.required', { field: t('password.current') }) },
        ]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        extra={<PasswordHint value={newPassword} />}
        rules={[
          { required: true, message: t('common.required', { field: t('password.new') }) },
          passwordRule(lang),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('common.required', { field: t('password.confirm') }) },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        loading={change.isPending}
        data-testid="password-submit"
      >
        {t('password.change')}
      </Button>
    </Form>
  );
}

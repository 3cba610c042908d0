import { App, Card, Col, Descriptions, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import { useUnits } from '../api/queries.ts';
import { ChangePasswordForm } from '../components/change-password-form.tsx';
import { GrantTags } from '../components/grant-tags.tsx';
import { can, useSignedIn } from '../layout/me-context.ts';

/** 我的账号: who I am, my grants, and changing my password. */
export default function MyAccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedIn();
  const units = useUnits(can(me, 'unit.read'));
  const unitName = (unitId: string) => units.data?.find((u) => u.id === unitId)?.name;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('account.myAccount')} data-testid="my-account">
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'username', label: t('account.username'), children: me.account.username },
              {
                key: 'person',
                label: t('account.person'),
                children: me.account.personName ?? t('common.none'),
              },
              { key: 'tenant', label: t('account.tenant'), children: me.tenant.name },
              {
                key: 'grants',
                label: t('account.grants'),
                children: <GrantTags grants={me.grants} unitName={unitName} />,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('password.change')}>
          <ChangePasswordForm onChanged={() => void message.success(t('password.changed'))} />
        </Card>
      </Col>
    </Row>
  );
}

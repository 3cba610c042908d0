import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Grant, Role } from '@tianheng/core';

const roleColors: Record<Role, string> = {
  system_admin: 'red',
  assessment_office: 'blue',
  supervision_office: 'purple',
  leader: 'gold',
  unit_head: 'cyan',
  cadre: 'green',
};

/** A role as a coloured tag. */
export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={roleColors[role]} data-testid={`role-tag-${role}`}>
      {t(`role.${role}`)}
    </Tag>
  );
}

/** Grants as tags: role, then scope and the anchor unit's name. */
export function GrantTags({
  grants,
  unitName,
}: {
  grants: readonly Grant[];
  unitName: (unitId: string) => string | undefined;
}) {
  const { t } = useTranslation();
  if (grants.length === 0) return <span>{t('common.none')}</span>;
  return (
    <Space size={[0, 4]} wrap>
      {grants.map((grant, index) => (
        <span key={`${grant.role}-${grant.unitId ?? 'tenant'}-${index}`}>
          <RoleTag role={grant.role} />
          <Tag variant="outlined">
            {grant.scope === 'tenant'
              ? t('scope.tenant')
              : `${t(`scope.${grant.scope}`)} · ${(grant.unitId && unitName(grant.unitId)) ?? '…'}`}
          </Tag>
        </span>
      ))}
    </Space>
  );
}

import { Button, Col, Form, Row, Select, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage, roles, scopes, validateGrant, type Role, type Scope } from '@tianheng/core';
import type { GrantInput, Unit } from '../api/types.ts';
import { useLang } from '../i18n/index.ts';
import { UnitTreeSelect } from './unit-tree-select.tsx';

/** A grant row as the form holds it (unit optional until validated). */
export interface GrantRow {
  role?: Role;
  scope?: Scope;
  unitId?: string | null;
}

/** Form rows → the API's grants (tenant scope carries no unit). */
export function grantsOf(rows: readonly GrantRow[] | undefined): GrantInput[] {
  return (rows ?? []).map((row) => ({
    role: row.role as Role,
    scope: row.scope as Scope,
    unitId: row.scope === 'tenant' ? null : (row.unitId ?? null),
  }));
}

/** Rows for the editor from existing grants. */
export function rowsOf(grants: readonly GrantInput[]): GrantRow[] {
  return grants.map((g) => ({ role: g.role, scope: g.scope, unitId: g.unitId }));
}

/** Rows of role + scope + unit inside a Form, under the field `grants`. */
export function GrantsEditor({ form, units }: { form: FormInstance; units: readonly Unit[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Form.List name="grants">
      {(fields, { add, remove }) => (
        <div data-testid="grants-editor">
          {fields.map((field, index) => (
            <Row
              gutter={8}
              key={field.key}
              data-testid="grant-row"
              align="top"
              // On phones the three selects stack: a rule keeps one grant apart from the next.
              style={index > 0 ? { borderTop: '1px dashed rgba(0,0,0,0.12)', paddingTop: 12 } : {}}
            >
              <Col xs={24} sm={7}>
                <Form.Item
                  name={[field.name, 'role']}
                  rules={[
                    { required: true, message: t('common.select', { field: t('account.role') }) },
                  ]}
                >
                  <Select
                    placeholder={t('account.role')}
                    options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                    data-testid="grant-role"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={7}>
                <Form.Item
                  name={[field.name, 'scope']}
                  rules={[
                    { required: true, message: t('common.select', { field: t('account.scope') }) },
                  ]}
                >
                  <Select
                    placeholder={t('account.scope')}
                    options={scopes.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
                    onChange={() => void form.validateFields([['grants', field.name, 'unitId']])}
                    data-testid="grant-scope"
                  />
                </Form.Item>
              </Col>
              <Col xs={20} sm={8}>
                <Form.Item
                  noStyle
                  shouldUpdate={(prev: { grants?: GrantRow[] }, next: { grants?: GrantRow[] }) =>
                    prev.grants?.[field.name]?.scope !== next.grants?.[field.name]?.scope
                  }
                >
                  {({ getFieldValue }) => {
                    const scope = getFieldValue(['grants', field.name, 'scope']) as
                      Scope | undefined;
                    return (
                      <Form.Item
                        name={[field.name, 'unitId']}
                        rules={[
                          {
                            // core's rule: unit-anchored scopes name a unit.
                            validator: (_rule, value: string | null | undefined) => {
                              const role = getFieldValue(['grants', field.name, 'role']) as
                                Role | undefined;
                              if (!role || !scope) return Promise.resolve();
                              const result = validateGrant({ role, scope, unitId: value ?? null });
                              return result.ok
                                ? Promise.resolve()
                                : Promise.reject(new Error(errorMessage(result.reason, lang)));
                            },
                          },
                        ]}
                      >
                        <UnitTreeSelect
                          units={units}
                          allowClear
                          disabled={scope === 'tenant'}
                          placeholder={scope === 'tenant' ? t('scope.tenant') : t('account.unit')}
                          data-testid="grant-unit"
                        />
                      </Form.Item>
                    );
                  }}
                </Form.Item>
              </Col>
              <Col xs={4} sm={2}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('common.remove')}
                  data-testid="grant-remove"
                />
              </Col>
            </Row>
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            onClick={() => add({})}
            data-testid="grant-add"
          >
            {t('account.addGrant')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}

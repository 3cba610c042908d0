import type { ReactNode } from 'react';
import { Button, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** One column of a rows editor: a text/decimal input, an integer, or a choice. */
export type RowField<T> =
  | {
      key: keyof T & string;
      label: string;
      kind: 'text' | 'decimal';
      width?: number;
      optional?: boolean;
    }
  | { key: keyof T & string; label: string; kind: 'integer'; width?: number }
  | {
      key: keyof T & string;
      label: string;
      kind: 'select';
      options: { value: string; label: string }[];
      width?: number;
    };

interface Props<T> {
  rows: readonly T[];
  fields: RowField<T>[];
  onChange: (rows: T[]) => void;
  /** A new, empty row. */
  blank: () => T;
  /** data-testid prefix: `${testId}-row`, `${testId}-add`, `${testId}-<field>`. */
  testId: string;
  title?: ReactNode;
}

/**
 * A small editable table of rows (deduction items, rank ranges, rater groups …). Decimals stay
 * strings exactly as typed: the scheme's validation (core) says whether they are numbers.
 * Rows wrap on phones, so nothing needs horizontal scrolling.
 */
export function RowsEditor<T extends object>({
  rows,
  fields,
  onChange,
  blank,
  testId,
  title,
}: Props<T>) {
  const { t } = useTranslation();
  const set = (index: number, key: string, value: unknown) =>
    onChange(
      rows.map((row, i) => {
        if (i !== index) return row;
        const next = { ...row } as Record<string, unknown>;
        if (value === undefined || value === '') delete next[key];
        else next[key] = value;
        return next as T;
      }),
    );
  return (
    <div data-testid={testId}>
      {title ? (
        <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
          {title}
        </Typography.Text>
      ) : null}
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        {rows.map((row, index) => {
          const record = row as Record<string, unknown>;
          return (
            <Space key={index} wrap size={6} align="end" data-testid={`${testId}-row`}>
              {fields.map((field) => {
                const value = record[field.key];
                const common = {
                  'aria-label': field.label,
                  'data-testid': `${testId}-${field.key}`,
                  style: { width: field.width ?? (field.kind === 'text' ? 140 : 90) },
                };
                let input: ReactNode;
                if (field.kind === 'integer')
                  input = (
                    <InputNumber
                      {...common}
                      min={0}
                      precision={0}
                      value={typeof value === 'number' ? value : null}
                      onChange={(next) => set(index, field.key, next ?? undefined)}
                    />
                  );
                else if (field.kind === 'select')
                  input = (
                    <Select
                      {...common}
                      value={typeof value === 'string' ? value : undefined}
                      options={field.options}
                      onChange={(next: string) => set(index, field.key, next)}
                    />
                  );
                else
                  input = (
                    <Input
                      {...common}
                      inputMode={field.kind === 'decimal' ? 'decimal' : undefined}
                      value={typeof value === 'string' ? value : ''}
                      onChange={(e) => set(index, field.key, e.target.value)}
                    />
                  );
                return (
                  <label key={field.key} style={{ display: 'inline-block' }}>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {field.label}
                    </Typography.Text>
                    {input}
                  </label>
                );
              })}
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.remove')}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
                data-testid={`${testId}-remove`}
              />
            </Space>
          );
        })}
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => onChange([...rows, blank()])}
          data-testid={`${testId}-add`}
        >
          {t('assess.scheme.method.addRow')}
        </Button>
      </Space>
    </div>
  );
}

/** A label edited as two inputs (Chinese, English). */
export function LabelInputs({
  value,
  onChange,
  testId,
  zhLabel,
  enLabel,
}: {
  value: { 'zh-CN': string; en: string } | undefined;
  onChange: (next: { 'zh-CN': string; en: string }) => void;
  testId: string;
  zhLabel: string;
  enLabel: string;
}) {
  const current = value ?? { 'zh-CN': '', en: '' };
  return (
    <Space wrap size={6}>
      <Input
        aria-label={zhLabel}
        placeholder={zhLabel}
        value={current['zh-CN']}
        onChange={(e) => onChange({ ...current, 'zh-CN': e.target.value })}
        data-testid={`${testId}-zh`}
        style={{ width: 220 }}
      />
      <Input
        aria-label={enLabel}
        placeholder={enLabel}
        value={current.en}
        onChange={(e) => onChange({ ...current, en: e.target.value })}
        data-testid={`${testId}-en`}
        style={{ width: 220 }}
      />
    </Space>
  );
}

import { useState, type ReactNode } from 'react';
import { Card, Select, Tag } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { usePeople, usePeriods } from '../../api/queries.ts';
import type { AssessmentPeriod } from '../../api/types.ts';
import { useDebounced } from '../format.ts';
import { useIsMobile } from '../use-mobile.ts';

/** The newest period that has begun (periods come newest first), else the newest. */
function current(periods: readonly AssessmentPeriod[]): AssessmentPeriod | undefined {
  const today = new Date();
  const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(
    today.getDate(),
  ).padStart(2, '0')}`;
  return periods.find((p) => p.startsOn <= iso) ?? periods[0];
}

/**
 * The period a page shows, kept in the URL (`?periodId=`); the newest period that has begun
 * until the user picks another. Returns the chosen period (undefined while loading or when there is none).
 * With `personId`, only the periods whose scheme scores that person are offered.
 */
export function usePeriodParam(personId?: string): {
  periodId: string;
  period: AssessmentPeriod | undefined;
  periods: AssessmentPeriod[];
  loading: boolean;
  error: unknown;
  setPeriodId: (id: string) => void;
} {
  const [params, setParams] = useSearchParams();
  const periods = usePeriods(true, personId);
  const items = periods.data?.items ?? [];
  const asked = params.get('periodId') ?? '';
  const period = items.find((p) => p.id === asked) ?? (asked === '' ? current(items) : undefined);
  return {
    periodId: period?.id ?? '',
    period,
    periods: items,
    loading: periods.isPending,
    error: periods.error,
    setPeriodId: (id) => {
      const next = new URLSearchParams(params);
      next.set('periodId', id);
      setParams(next, { replace: true });
    },
  };
}

/** A select of periods with their status. */
export function PeriodSelect({
  periods,
  value,
  onChange,
  loading,
  block = false,
}: {
  periods: AssessmentPeriod[];
  value: string;
  onChange: (id: string) => void;
  loading: boolean;
  /** Full width (phones). */
  block?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Select
      style={block ? { width: '100%' } : { minWidth: 220, maxWidth: '100%' }}
      loading={loading}
      value={value || undefined}
      placeholder={t('assess.period.pick')}
      onChange={onChange}
      showSearch={{ optionFilterProp: 'title' }}
      options={periods.map((p) => ({
        value: p.id,
        title: p.name,
        label: (
          <span data-testid="period-option">
            {p.name}{' '}
            <Tag color={p.status === 'open' ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
              {t(`assess.period.statuses.${p.status}`)}
            </Tag>
          </span>
        ),
      }))}
      data-testid="period-select"
    />
  );
}

/** A searchable select of people (server-side search by name or staff no.). */
export function PersonPicker({
  value,
  onChange,
  testId,
  valueLabel,
}: {
  value?: string;
  onChange?: (value?: string) => void;
  testId: string;
  /** The chosen person's name when it is known before any search (a correction). */
  valueLabel?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [chosenLabel, setChosenLabel] = useState<string | undefined>(valueLabel);
  const q = useDebounced(text.trim());
  const people = usePeople({ q: q || undefined, page: 1, pageSize: 20 });
  const options = (people.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name}（${p.staffNo} · ${p.unitName}）`,
  }));
  // Keep the chosen person's label while the search lists others.
  if (value && chosenLabel && !options.some((o) => o.value === value))
    options.unshift({ value, label: chosenLabel });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      value={value}
      onChange={(v: string | undefined, option) => {
        setChosenLabel(
          option && !Array.isArray(option) && typeof option.label === 'string'
            ? option.label
            : undefined,
        );
        onChange?.(v);
      }}
      placeholder={t('account.personPlaceholder')}
      loading={people.isFetching}
      options={options}
      data-testid={testId}
    />
  );
}

/**
 * A page card whose content belongs to one period: the period select sits in the header on
 * wide screens and on its own full-width line on phones (a header has no room for both).
 */
export function PeriodCard({
  title,
  testId,
  chosen,
  children,
}: {
  title: ReactNode;
  testId: string;
  chosen: ReturnType<typeof usePeriodParam>;
  children: ReactNode;
}) {
  const isMobile = useIsMobile();
  const select = (
    <PeriodSelect
      periods={chosen.periods}
      value={chosen.periodId}
      onChange={chosen.setPeriodId}
      loading={chosen.loading}
      block={isMobile}
    />
  );
  return (
    <Card
      title={title}
      data-testid={testId}
      extra={isMobile ? null : select}
      styles={{
        header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 },
        body: isMobile ? { padding: 12 } : {},
      }}
    >
      {isMobile ? <div style={{ marginBottom: 12 }}>{select}</div> : null}
      {children}
    </Card>
  );
}

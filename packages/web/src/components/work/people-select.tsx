import { useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../../api/queries.ts';
import { useDebounced } from '../format.ts';

/**
 * A searchable multi-select of people (server-side search by name or staff no.). Names of
 * people chosen earlier stay known through `knownNames` while the search lists others.
 */
export function PeopleSelect({
  value,
  onChange,
  testId,
  knownNames,
  placeholder,
  max,
}: {
  value?: string[];
  onChange?: (value: string[]) => void;
  testId: string;
  knownNames?: Readonly<Record<string, string>>;
  placeholder?: string;
  /** At most this many people (e.g. 1 for a single leader). */
  max?: number;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const q = useDebounced(text.trim());
  const people = usePeople({ q: q || undefined, page: 1, pageSize: 20 });
  const options = (people.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name}（${p.unitName}）`,
  }));
  for (const personId of value ?? []) {
    if (options.some((o) => o.value === personId)) continue;
    const label = labels[personId] ?? knownNames?.[personId];
    options.unshift({ value: personId, label: label ?? personId });
  }
  return (
    <Select
      mode="multiple"
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? []}
      maxCount={max}
      onChange={(next: string[], chosen) => {
        const list = Array.isArray(chosen) ? chosen : [chosen];
        const learnt: Record<string, string> = {};
        for (const option of list)
          if (option && typeof option.label === 'string' && typeof option.value === 'string')
            learnt[option.value] = option.label;
        setLabels((old) => ({ ...old, ...learnt }));
        setText('');
        onChange?.(next);
      }}
      placeholder={placeholder ?? t('work.step.addPerson')}
      loading={people.isFetching}
      options={options}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

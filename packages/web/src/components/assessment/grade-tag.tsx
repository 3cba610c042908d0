import { Tag, Tooltip } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { GradeCode, ResultRow } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';

const gradeColors: Record<GradeCode, string> = {
  excellent: 'gold',
  competent: 'green',
  basic: 'orange',
  incompetent: 'red',
  undecided: 'magenta',
};

/** A grade as a tag; a tie at the quota boundary is flagged for a human decision. */
export function GradeTag({
  row,
}: {
  row: Pick<ResultRow, 'grade' | 'boundaryTie' | 'gradeReason'>;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  if (row.boundaryTie || row.grade === 'undecided')
    return (
      <Tooltip title={labels.pick(row.gradeReason)}>
        <Tag color="magenta" icon={<WarningOutlined />} data-testid="grade-boundary-tie">
          {t('assess.result.boundaryTie')}
        </Tag>
      </Tooltip>
    );
  return (
    <Tooltip title={labels.pick(row.gradeReason)}>
      <Tag color={gradeColors[row.grade]} data-testid="grade-tag" data-grade={row.grade}>
        {t(`assess.result.gradeNames.${row.grade}`)}
      </Tag>
    </Tooltip>
  );
}

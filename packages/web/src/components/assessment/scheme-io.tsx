import { Alert, Button, Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { SchemeProblem } from '../../api/types.ts';
import { useLabels } from '../../i18n/index.ts';

/** The problems a refused scheme came back with (400 `scheme-invalid`). */
export function refusedProblems(error: unknown): SchemeProblem[] {
  if (!(error instanceof ApiError)) return [];
  const list = error.details?.problems;
  return Array.isArray(list) ? (list as SchemeProblem[]) : [];
}

/** Read a JSON file chosen by the user. */
export async function readJsonFile(file: File): Promise<unknown> {
  return JSON.parse(await file.text()) as unknown;
}

/** Problems of a refused import, listed one per line. */
export function ProblemsModal({
  problems,
  message,
  onClose,
}: {
  problems: SchemeProblem[];
  message: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <Modal
      open
      title={t('assess.scheme.problems')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.confirm')}
        </Button>
      }
    >
      <Alert type="error" showIcon title={message} style={{ marginBottom: 12 }} />
      <Table<SchemeProblem>
        size="small"
        rowKey={(p) => `${p.path}-${p.code}`}
        dataSource={problems}
        pagination={false}
        data-testid="import-problems"
        columns={[
          { title: t('assess.scheme.atNode'), dataIndex: 'path' },
          {
            title: t('person.problem'),
            key: 'message',
            render: (_: unknown, p) => labels.pick(p.message),
          },
        ]}
      />
    </Modal>
  );
}

import { Alert, Button, Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import type { ImportProblem } from '../api/types.ts';
import { useLang } from '../i18n/index.ts';

const maxBytes = 10 * 1024 * 1024;

/** Why a chosen file cannot be uploaded as an Excel import (message key), or null. */
export function xlsxRefusal(file: File): 'person.fileType' | 'person.fileTooLarge' | null {
  if (!file.name.toLowerCase().endsWith('.xlsx')) return 'person.fileType';
  if (file.size > maxBytes) return 'person.fileTooLarge';
  return null;
}

/** The problems of a refused import (422 `import-invalid`, `details.errors`). */
export function importProblemsOf(error: ApiError): ImportProblem[] {
  const list = error.details?.errors;
  return Array.isArray(list) ? (list as ImportProblem[]) : [];
}

/**
 * A refused Excel file: the server's message, that nothing was written, and every problem
 * by sheet, row and column. Test ids: `${testId}-errors`, `${testId}-nothing-written`.
 */
export function ImportProblemsModal({
  refused,
  title,
  onClose,
  testId,
}: {
  refused: ApiError | null;
  title: string;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const problems = refused ? importProblemsOf(refused) : [];
  return (
    <Modal
      open={refused !== null}
      width={760}
      title={title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.confirm')}
        </Button>
      }
      destroyOnHidden
    >
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        title={refused?.message}
        description={t('person.importNothingWritten', { count: problems.length })}
        data-testid={`${testId}-nothing-written`}
      />
      <Table<ImportProblem>
        size="small"
        rowKey={(p) => `${p.sheet}-${p.row}-${p.column}-${p.reason}`}
        dataSource={problems}
        pagination={problems.length > 10 ? { pageSize: 10, size: 'small' } : false}
        scroll={{ x: 'max-content' }}
        data-testid={`${testId}-errors`}
        columns={[
          { title: t('person.sheet'), dataIndex: 'sheet', width: 90 },
          { title: t('person.row'), dataIndex: 'row', width: 60 },
          { title: t('person.column'), dataIndex: 'column', width: 100 },
          {
            title: t('person.problem'),
            key: 'problem',
            render: (_: unknown, p: ImportProblem) =>
              p.value === undefined ? p.message[lang] : `${p.message[lang]}（${p.value}）`,
          },
        ]}
      />
    </Modal>
  );
}

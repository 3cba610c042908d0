import type { HTMLAttributes, ReactNode } from 'react';
import {
  Card,
  Descriptions,
  Empty,
  Pagination,
  Space,
  Spin,
  Table,
  type TableColumnType,
  type TablePaginationConfig,
} from 'antd';
import { useIsMobile } from './use-mobile.ts';

interface Props<T extends { id: string }> {
  columns: TableColumnType<T>[];
  rows: T[];
  loading: boolean;
  pagination: TablePaginationConfig & { onChange: (page: number, pageSize: number) => void };
  /** `data-testid` of every row (a table row, or a card on phones). */
  rowTestId: string;
  /** Extra attributes of a row (e.g. `data-username`). */
  rowAttributes?: (row: T) => Record<string, string>;
  /** The card heading on phones; the remaining columns become label/value lines. */
  cardTitle: (row: T) => ReactNode;
  /** Column keys left out of the card body (usually the ones in the title). */
  cardSkip?: readonly string[];
  testId: string;
}

function keyOf<T>(column: TableColumnType<T>): string {
  if (column.key !== undefined) return String(column.key);
  return Array.isArray(column.dataIndex)
    ? column.dataIndex.join('.')
    : String(column.dataIndex ?? '');
}

function cellOf<T extends { id: string }>(column: TableColumnType<T>, row: T, index: number) {
  const field = typeof column.dataIndex === 'string' ? column.dataIndex : undefined;
  const value: unknown = field ? (row as Record<string, unknown>)[field] : undefined;
  if (column.render) return column.render(value, row, index) as ReactNode;
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}

/** A table on wide screens; a list of cards on phones (390 px has no room for columns). */
export function ResponsiveTable<T extends { id: string }>(props: Props<T>) {
  const isMobile = useIsMobile();
  const { columns, rows, loading, pagination, rowTestId, rowAttributes, testId } = props;
  if (!isMobile)
    return (
      <Table<T>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 'max-content' }}
        onRow={(row) =>
          ({ 'data-testid': rowTestId, ...rowAttributes?.(row) }) as HTMLAttributes<HTMLElement>
        }
        pagination={{ showSizeChanger: true, ...pagination }}
        data-testid={testId}
      />
    );
  const skip = new Set(props.cardSkip ?? []);
  return (
    <Spin spinning={loading}>
      {rows.length === 0 && !loading ? (
        <Empty />
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid={testId}>
          {rows.map((row, index) => (
            <Card
              key={row.id}
              size="small"
              title={props.cardTitle(row)}
              data-testid={rowTestId}
              {...rowAttributes?.(row)}
            >
              <Descriptions
                column={1}
                size="small"
                items={columns
                  .filter((column) => !skip.has(keyOf(column)))
                  .map((column) => ({
                    key: keyOf(column),
                    label: column.title as ReactNode,
                    children: cellOf(column, row, index),
                  }))}
              />
            </Card>
          ))}
        </Space>
      )}
      {(pagination.total ?? 0) > 0 ? (
        <Pagination
          simple
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={pagination.current}
          pageSize={pagination.pageSize}
          total={pagination.total}
          onChange={pagination.onChange}
        />
      ) : null}
    </Spin>
  );
}

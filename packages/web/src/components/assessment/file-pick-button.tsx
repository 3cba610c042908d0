import { useRef, type ReactNode } from 'react';
import { Button } from 'antd';

/**
 * A button that opens the browser's file picker and hands over the chosen file (the hidden
 * input is cleared, so the same file can be picked again after a fix).
 */
export function FilePickButton({
  accept,
  icon,
  label,
  loading,
  disabled,
  onFile,
  testId,
}: {
  accept: string;
  icon: ReactNode;
  label: ReactNode;
  loading?: boolean;
  disabled?: boolean;
  onFile: (file: File) => void;
  /** The button's test id; the input's is `${testId}-input`. */
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        style={{ display: 'none' }}
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <Button
        icon={icon}
        loading={loading}
        disabled={disabled}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {label}
      </Button>
    </>
  );
}

/** What the file pickers accept. */
export const acceptJson = '.json,application/json';
export const acceptXlsx = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

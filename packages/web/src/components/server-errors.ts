import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/** `grants.0.unitId` or `grants[0].unitId` → ['grants', 0, 'unitId'] (antd's name path). */
export function namePathOf(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Show a server error where it belongs: on the form field it names when the form has that
 * field, otherwise as a message above the form.
 */
export function useServerErrors(form: FormInstance, fields: readonly string[]) {
  const [formError, setFormError] = useState<string | null>(null);
  const show = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        const path = error.field ? namePathOf(error.field) : [];
        const root = path[0];
        if (typeof root === 'string' && fields.includes(root)) {
          form.setFields([{ name: path, errors: [error.message] }]);
          setFormError(null);
          return;
        }
        setFormError(error.message);
        return;
      }
      setFormError(error instanceof Error ? error.message : String(error));
    },
    [form, fields],
  );
  const clear = useCallback(() => setFormError(null), []);
  return { formError, show, clear };
}

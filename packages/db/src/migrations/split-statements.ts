/**
 * Split a DDL script into statements at semicolons that end a line and are followed by
 * a new statement or comment. Function bodies keep their inner semicolons because the
 * next line inside a body is never a top-level keyword we split on.
 */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*\n(?=\s*(?:CREATE|ALTER|DROP|INSERT|COMMENT|--|$))/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/^(--[^\n]*\n?)*$/.test(s));
}

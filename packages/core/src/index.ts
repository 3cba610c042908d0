export * from './result.ts';
export * from './i18n.ts';
export * from './errors.ts';
export * from './access.ts';
export * from './org.ts';
export * from './people.ts';
export * from './security.ts';
export * from './import-rows.ts';

export * from './schema.ts';
export * from './connect.ts';
export * from './migrate.ts';
export * from './repositories/tenant.repository.ts';
export * from './repositories/identity.repository.ts';
export * from './repositories/audit.repository.ts';

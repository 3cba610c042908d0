export * from './schema.ts';
export * from './connect.ts';
export * from './migrate.ts';
export * from './repositories/tenant.repository.ts';
export * from './repositories/identity.repository.ts';
export * from './repositories/audit.repository.ts';
export {
  listAccounts,
  findAccountRow,
  insertAccount,
  updateAccount,
  resetPasswordHash,
  unlockAccount,
  usernameExists,
  unitIdsInTenant,
  isPersonInTenant,
  type AccountListRow,
  type AccountListFilters,
} from './repositories/account.repository.ts';
export * from './repositories/org.repository.ts';
export * from './repositories/people.repository.ts';
export * from './repositories/maintenance.repository.ts';
export * from './ledger/store-error.ts';
export * from './ledger/transaction.ts';
export {
  appendFacts,
  appendLedgerEvent,
  verifyLedger,
  chainHash,
  GENESIS_HASH,
  ledgerAlgorithms,
  type LedgerAlgorithm,
  type LedgerKind,
  type LedgerPosition,
  type NewFactRow,
  type LedgerBreak,
  type LedgerBrokenEntry,
  type LedgerVerification,
} from './ledger/ledger.ts';
export * from './repositories/scheme.repository.ts';
export * from './repositories/period.repository.ts';
export * from './repositories/fact.repository.ts';
export * from './repositories/result.repository.ts';
export * from './repositories/signal.repository.ts';
export * from './repositories/snapshot.repository.ts';
export {
  appendWorkEvents,
  canonicalWorkEvent,
  type NewWorkEvent,
  type StoredWorkEvent,
} from './ledger/work-events.ts';
export * from './repositories/notification.repository.ts';
export * from './repositories/work.repository.ts';
export * from './repositories/plan-card.repository.ts';
export * from './repositories/supervision.repository.ts';
export * from './repositories/task-force.repository.ts';
export * from './repositories/document.repository.ts';
export * from './repositories/work-bulk.repository.ts';
export * from './repositories/attachment.repository.ts';

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * Run `work` in the caller's transaction when `db` already is one, else in a new transaction,
 * so a repository call is atomic on its own and also composes into a larger write.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return db.transaction().execute(work);
}

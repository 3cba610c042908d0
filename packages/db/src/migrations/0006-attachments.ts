import { sql, type Kysely } from 'kysely';
import { splitStatements } from './split-statements.ts';

/**
 * Uploaded files (ADR 0011): the bytes in the database with their name, type, size and
 * SHA-256, per tenant. Tasks, step evidence, documents and facts refer to them as
 * `att:<id>:<sha256>`, so the ledgered record that holds a reference pins the file's content.
 * Files are never changed or deleted in place.
 */
const ddl = `
    CREATE TABLE attachment (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      attachment_id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      content_type text NOT NULL CHECK (length(content_type) BETWEEN 1 AND 200),
      size_bytes integer NOT NULL CHECK (size_bytes > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL,
      uploaded_by uuid,
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, attachment_id),
      CHECK (octet_length(content) = size_bytes)
    );
`;

/** Apply, one statement at a time (PGlite's extended protocol takes one). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of splitStatements(ddl)) await sql.raw(statement).execute(db);
}

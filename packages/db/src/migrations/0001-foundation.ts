import { sql, type Kysely } from 'kysely';
import { splitStatements } from './split-statements.ts';

/**
 * Foundation: tenants, the org tree, people with assignment history, accounts, grants,
 * sessions and the append-only audit log. Every table leads its primary key and every
 * foreign key with tenant_id so the schema distributes by tenant (Citus) unchanged.
 */
const ddl = `
    CREATE TABLE tenant (
      tenant_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code text NOT NULL UNIQUE,
      name text NOT NULL,
      time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE unit (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      unit_id uuid NOT NULL DEFAULT gen_random_uuid(),
      parent_id uuid,
      kind text NOT NULL CHECK (kind IN ('county','street','town','township','department','section','village','task_force')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      code text,
      sort_order integer NOT NULL DEFAULT 0,
      path text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, unit_id),
      FOREIGN KEY (tenant_id, parent_id) REFERENCES unit (tenant_id, unit_id),
      UNIQUE (tenant_id, code)
    );
    CREATE INDEX unit_path_idx ON unit (tenant_id, path text_pattern_ops);
    CREATE INDEX unit_parent_idx ON unit (tenant_id, parent_id);
    CREATE UNIQUE INDEX unit_one_root_idx ON unit (tenant_id) WHERE parent_id IS NULL;

    CREATE TABLE business_line (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      line_id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      sort_order integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, line_id),
      UNIQUE (tenant_id, name)
    );

    CREATE TABLE person (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      person_id uuid NOT NULL DEFAULT gen_random_uuid(),
      staff_no text NOT NULL CHECK (length(staff_no) BETWEEN 1 AND 32),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      gender text NOT NULL CHECK (gender IN ('male','female')),
      birth_date date,
      phone text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, person_id),
      UNIQUE (tenant_id, staff_no)
    );
    CREATE INDEX person_name_idx ON person (tenant_id, name);

    -- A person's unit, post and rank over time. The open row (valid_to IS NULL) is current.
    CREATE TABLE person_assignment (
      tenant_id uuid NOT NULL,
      assignment_id uuid NOT NULL DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      post text NOT NULL CHECK (length(post) BETWEEN 1 AND 50),
      rank text NOT NULL,
      valid_from date NOT NULL,
      valid_to date,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, assignment_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES unit (tenant_id, unit_id),
      CHECK (valid_to IS NULL OR valid_to >= valid_from)
    );
    CREATE UNIQUE INDEX person_assignment_current_idx ON person_assignment (tenant_id, person_id) WHERE valid_to IS NULL;
    CREATE INDEX person_assignment_unit_idx ON person_assignment (tenant_id, unit_id) WHERE valid_to IS NULL;

    CREATE TABLE person_line (
      tenant_id uuid NOT NULL,
      person_id uuid NOT NULL,
      line_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, person_id, line_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id),
      FOREIGN KEY (tenant_id, line_id) REFERENCES business_line (tenant_id, line_id)
    );

    CREATE TABLE person_village (
      tenant_id uuid NOT NULL,
      person_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, person_id, unit_id),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id),
      FOREIGN KEY (tenant_id, unit_id) REFERENCES unit (tenant_id, unit_id)
    );

    CREATE TABLE account (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      account_id uuid NOT NULL DEFAULT gen_random_uuid(),
      username text NOT NULL CHECK (length(username) BETWEEN 2 AND 64),
      person_id uuid,
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      failed_count integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled boolean NOT NULL DEFAULT false,
      password_changed_at timestamptz,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, account_id),
      UNIQUE (tenant_id, username),
      FOREIGN KEY (tenant_id, person_id) REFERENCES person (tenant_id, person_id)
    );

    CREATE TABLE role_grant (
      tenant_id uuid NOT NULL,
      grant_id uuid NOT NULL DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('system_admin','assessment_office','supervision_office','leader','unit_head','cadre')),
      scope text NOT NULL CHECK (scope IN ('own_unit','subtree','tenant')),
      unit_id uuid,
      PRIMARY KEY (tenant_id, grant_id),
      FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, unit_id) REFERENCES unit (tenant_id, unit_id),
      CHECK (scope = 'tenant' OR unit_id IS NOT NULL)
    );
    CREATE INDEX role_grant_account_idx ON role_grant (tenant_id, account_id);

    -- session_hash is the SHA-256 of the cookie token; the token itself is never stored.
    CREATE TABLE session (
      tenant_id uuid NOT NULL,
      session_hash text NOT NULL,
      account_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      ip text,
      user_agent text,
      PRIMARY KEY (tenant_id, session_hash),
      FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, account_id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX session_hash_idx ON session (session_hash);

    CREATE TABLE audit_log (
      tenant_id uuid NOT NULL REFERENCES tenant (tenant_id),
      audit_id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_account_id uuid,
      actor_username text,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      result text NOT NULL CHECK (result IN ('success','failure','denied')),
      detail jsonb NOT NULL DEFAULT '{}'::jsonb,
      ip text,
      PRIMARY KEY (tenant_id, audit_id)
    );
    CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at DESC);

    -- The audit log is append-only: no code path and no SQL may edit or delete it.
    CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'raise_exception';
    END;
    $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
`;

/** Apply the foundation schema, one statement at a time (PGlite's extended protocol takes one). */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of splitStatements(ddl)) await sql.raw(statement).execute(db);
}

-- Champion's PostgreSQL roles (least privilege). Idempotent: run it as a superuser, connected
-- to the application database, once per deployment and again whenever this file changes.
--
--   owner  owns the schema: runs `selector-worker migrate` and `selector-worker seed`.
--   app    the worker's `serve`: reads and writes rows (SELECT, INSERT, UPDATE, DELETE; only
--          SELECT on schema_migrations), uses sequences, temporary tables (ImportSales stages
--          its COPY in one), LISTEN/NOTIFY and advisory locks. No DDL on the schema, no
--          TRUNCATE, no superuser.
--
-- Usage (the passwords come from the environment, never the command line):
--
--   CHAMPION_DB_OWNER_PASSWORD=... CHAMPION_DB_APP_PASSWORD=... \
--     psql -X -v ON_ERROR_STOP=1 -v owner=champion_owner -v app=champion_app \
--          -d 'host=... dbname=champion user=postgres' -f db/roles.sql
--
-- psql variables: owner, app (role names, default champion_owner and champion_app).
-- Environment: CHAMPION_DB_OWNER_PASSWORD, CHAMPION_DB_APP_PASSWORD, each either the password
-- or a SCRAM-SHA-256 verifier ("SCRAM-SHA-256$4096:..."); unset leaves that role's password as
-- it is (a new role then has none: it cannot log in with a password).
--
-- Existing objects: tables, views and sequences of the schema owned by another role (a
-- database migrated by a superuser before) are handed to the owner, so later migrations may
-- alter them. Tables the owner creates later get the app's grants through default privileges.
-- The schema is `public`, where the migrations create everything.

\set ON_ERROR_STOP on
\if :{?owner}
\else
  \set owner champion_owner
\endif
\if :{?app}
\else
  \set app champion_app
\endif
\unset owner_password
\unset app_password
\getenv owner_password CHAMPION_DB_OWNER_PASSWORD
\getenv app_password CHAMPION_DB_APP_PASSWORD

-- The passwords below must not reach the server's log or statement statistics.
SET log_statement = 'none';
SET log_min_duration_statement = -1;
SET log_min_error_statement = 'panic';
SET pg_stat_statements.track_utility = off;
SET client_min_messages = warning;

BEGIN;
-- psql variables are not expanded inside a DO body; custom settings carry the names into it.
SELECT set_config('champion.roles_owner', :'owner', true) AS roles_owner,
       set_config('champion.roles_app', :'app', true) AS roles_app \gset

DO $roles$
DECLARE
  owner_role text := current_setting('champion.roles_owner');
  app_role   text := current_setting('champion.roles_app');
  r          record;
BEGIN
  IF owner_role = app_role THEN
    RAISE EXCEPTION 'the owner and the app role must differ (both are "%")', owner_role;
  END IF;
  FOR r IN SELECT rolname FROM pg_roles
           WHERE rolname IN (owner_role, app_role) AND (rolsuper OR rolname = current_user) LOOP
    RAISE EXCEPTION 'role "%" is a superuser or the current user; pick another name', r.rolname;
  END LOOP;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner_role) THEN
    EXECUTE format('CREATE ROLE %I', owner_role);
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = app_role) THEN
    EXECUTE format('CREATE ROLE %I', app_role);
  END IF;
  -- Attributes are reset on every run, so a role widened by hand is narrowed again.
  EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                 'NOBYPASSRLS', owner_role);
  EXECUTE format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION '
                 'NOBYPASSRLS', app_role);

  -- The database: nobody else connects; CREATE lets the owner add trusted extensions
  -- (0002 creates pg_trgm); TEMPORARY lets the app stage an import.
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM %I', current_database(), app_role);
  EXECUTE format('GRANT CONNECT, TEMPORARY, CREATE ON DATABASE %I TO %I',
                 current_database(), owner_role);
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), app_role);

  -- The schema: only the owner creates in it (PostgreSQL before 15 let everyone).
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;
  EXECUTE format('REVOKE CREATE ON SCHEMA public FROM %I', app_role);
  EXECUTE format('GRANT USAGE, CREATE ON SCHEMA public TO %I', owner_role);
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);

  -- Existing relations go to the owner (indexes and owned sequences follow their table;
  -- members of an extension stay with it).
  FOR r IN
    SELECT c.oid::regclass AS name,
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE'
                          ELSE 'TABLE' END AS kind
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND pg_get_userbyid(c.relowner) <> owner_role
      AND NOT EXISTS (SELECT FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', r.kind, r.name, owner_role);
  END LOOP;

  -- The app's rights on what exists now, exactly: DML, no TRUNCATE/REFERENCES/TRIGGER.
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', app_role);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I',
                 app_role);
  -- The migration bookkeeping is the owner's (migrate up revokes the same).
  IF to_regclass('public.schema_migrations') IS NOT NULL THEN
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON public.schema_migrations FROM %I', app_role);
  END IF;
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', app_role);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app_role);
  -- ... and on what the owner's migrations create later.
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', owner_role, app_role);
  EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public '
                 'GRANT USAGE, SELECT ON SEQUENCES TO %I', owner_role, app_role);
END
$roles$;

\if :{?owner_password}
ALTER ROLE :"owner" PASSWORD :'owner_password';
\endif
\if :{?app_password}
ALTER ROLE :"app" PASSWORD :'app_password';
\endif
COMMIT;

-- Admin API hardening (docs/operations-api.md): every admin action, refused ones included, records from where it came
-- and how it ended. One statement per column: the same script runs on H2 and PostgreSQL.

-- Remote address of the HTTP caller (null for actions the hub takes itself, e.g. a scheduled reconciliation).
alter table audit_log add column remote_addr varchar(64);
-- OK for an action carried out, DENIED (403) or UNAUTHENTICATED (401) for a refused one.
alter table audit_log add column outcome varchar(20) default 'OK' not null;
create index audit_log_at_idx on audit_log (at);

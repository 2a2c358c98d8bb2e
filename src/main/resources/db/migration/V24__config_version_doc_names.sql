-- Mappings and YAML routes became configuration documents (docs/console.md "Configuration"): their names
-- ("mapping.legal-service.dispute-to-create-case", "route.outbox-relay") are longer than the first three documents'.
alter table config_version alter column doc set data type varchar(120);
-- Who made a version active, and when (its author for a new version, the restorer for a restore): a stale save is
-- refused with this name (the edit lock, docs/operations-api.md). Empty for versions activated before V24.
alter table config_version add column activated_by varchar(60);
alter table config_version add column activated_at timestamp with time zone;

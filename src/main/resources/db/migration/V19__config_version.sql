-- Configuration management (docs/operations-api.md "Configuration"): every version of an administrator-edited document
-- (routing-rules, sharing-policies, early-warning) is kept so any can be restored; exactly one per doc is active.
create table config_version (
    doc        varchar(40)      not null,
    version    int              not null,
    -- the whole YAML text; varchar with a bound both H2 and PostgreSQL accept (config files are a few KB)
    content    varchar(1000000) not null,
    sha256     varchar(64)      not null,
    author     varchar(60)      not null,
    comment    varchar(500),
    created_at timestamp with time zone not null,
    active     boolean          not null,
    primary key (doc, version)
);

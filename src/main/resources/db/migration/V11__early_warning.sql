-- Early warning of mass disputes (issue 5 item 5, docs/early-warning.md).

-- What the early-warning rules know about one canonical dispute, refreshed from its snapshot (and earlier snapshots)
-- whenever a canonical event of it arrives. No foreign key to dispute: the rules read it, they do not own it.
create table ew_observation (
    dispute_id     varchar(37)  primary key,
    category       varchar(30),
    source_agency  varchar(30),
    township       varchar(9),
    employer_code  varchar(18),
    employer_name  varchar(200),
    employer_norm  varchar(200),
    head_count     integer      not null,
    observed_at    timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create index ew_observation_code_idx on ew_observation (employer_code);
create index ew_observation_norm_idx on ew_observation (employer_norm);
create index ew_observation_township_idx on ew_observation (township, observed_at);

-- The workers' ID numbers of a dispute, only as SHA-256 hashes: enough to count distinct workers across channels
-- without copying personal data into another table.
create table ew_observation_worker (
    dispute_id  varchar(37) not null,
    id_hash     varchar(64) not null,
    primary key (dispute_id, id_hash)
);

-- One early-warning alert per cluster. (rule, cluster_key, episode) is unique, so two hub nodes evaluating the same
-- cluster at once cannot both raise it: the second insert fails, its event is retried and then updates the first.
create table ew_alert (
    alert_id       varchar(40)  primary key,
    rule           varchar(20)  not null,
    cluster_key    varchar(250) not null,
    episode        integer      not null,
    title          varchar(300) not null,
    employer_code  varchar(18),
    employer_name  varchar(200),
    township       varchar(9),
    workers        integer      not null,
    disputes       integer      not null,
    sources        varchar(300) not null,
    evidence       varchar      not null,
    status         varchar(20)  not null,
    raised_at      timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    version        integer      not null,
    constraint ew_alert_cluster_uq unique (rule, cluster_key, episode)
);

-- The disputes an alert's cluster holds (its evidence, queryable).
create table ew_alert_dispute (
    alert_id    varchar(40) not null,
    dispute_id  varchar(37) not null,
    added_at    timestamp with time zone not null,
    primary key (alert_id, dispute_id)
);
create index ew_alert_dispute_dispute_idx on ew_alert_dispute (dispute_id);

-- Canonical events already evaluated (idempotent consumer keyed on the CloudEvent id).
create table ew_processed_event (
    event_id      varchar(64) primary key,
    processed_at  timestamp with time zone not null
);

-- The webhook POST of a raised alert, retried with back-off by its own route so the event stream never waits on it.
create table ew_webhook (
    alert_id         varchar(40)  primary key,
    payload          varchar      not null,
    status           varchar(10)  not null,
    attempts         integer      not null default 0,
    next_attempt_at  timestamp with time zone not null,
    claimed_at       timestamp with time zone,
    sent_at          timestamp with time zone,
    last_error       varchar(1000)
);

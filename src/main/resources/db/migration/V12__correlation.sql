-- Cross-channel correlation (docs/correlation.md). Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.

-- One row per township (first 9 digits of the region code): correlating a report locks its township's row, so two
-- nodes registering reports about the same place at the same time run one after the other and the second sees the
-- first's dispute.
create table correlation_lock (
    lock_key    varchar(15) primary key,
    touched_at  timestamp with time zone not null
);

-- A report that was attached to an existing dispute instead of becoming its own. Keeps everything needed to split it
-- back out (undo): the dispute it would have become (provisional id, canonical snapshot and registry fields).
create table correlation_member (
    agency          varchar(30)  not null,
    ref_type        varchar(30)  not null,
    ref             varchar(80)  not null,
    dispute_id      varchar(37)  not null references dispute (dispute_id),
    provisional_id  varchar(37)  not null,
    source_channel  varchar(30)  not null,
    source_version  varchar(30),
    category        varchar(40)  not null,
    region_code     varchar(15)  not null,
    urgent          boolean      not null,
    mass            boolean      not null,
    snapshot        varchar      not null,
    matched_on      varchar(200) not null,
    state           varchar(10)  not null,
    created_at      timestamp with time zone not null,
    undone_at       timestamp with time zone,
    undone_by       varchar(60),
    undo_reason     varchar(500),
    primary key (agency, ref_type, ref)
);
create index correlation_member_dispute_idx on correlation_member (dispute_id);

-- An operator's undo: this report is never attached to this dispute again automatically.
create table correlation_block (
    agency      varchar(30) not null,
    ref_type    varchar(30) not null,
    ref         varchar(80) not null,
    dispute_id  varchar(37) not null,
    created_at  timestamp with time zone not null,
    primary key (agency, ref_type, ref, dispute_id)
);

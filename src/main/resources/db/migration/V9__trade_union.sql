-- Trade-union file exchange (trade-union contract §3–§7).

-- One referral file towards the union. The content is stored with the rows it carries (same transaction that takes
-- the assignments off the queue), so a crash or an SFTP outage can only delay the upload, never lose or re-batch it.
create table union_file (
    file_name    varchar(40)  primary key,
    content      bytea        not null,
    row_count    integer      not null,
    created_at   timestamp with time zone not null,
    uploaded_at  timestamp with time zone,
    attempts     integer      not null default 0,
    last_error   varchar(1000)
);

-- One worker row (案件编号) of a referral and, once it arrives, the union's single final result for it.
create table union_case (
    case_id         varchar(40)  primary key,
    external_ref    varchar(40)  not null references assignment (external_ref),
    dispute_id      varchar(37)  not null references dispute (dispute_id),
    worker_no       integer      not null,
    file_name       varchar(40)  not null references union_file (file_name),
    accepted_on     date         not null,
    result          varchar(10),
    result_fields   varchar      ,
    result_file     varchar(40),
    result_at       timestamp with time zone
);
create index union_case_ref_idx on union_case (external_ref);

-- Women's-federation results (contract §7): one final result per case_ref; the stored content decides whether a
-- repeat is a duplicate (200 duplicate:true) or a conflict (409 RESULT_CONFLICT, the first stays).
create table wf_result (
    case_ref      varchar(40)  primary key,
    wf_case_id    varchar(20)  not null,
    dispute_id    varchar(40)  not null,
    result        varchar(20)  not null,
    closed_at     timestamp with time zone not null,
    received_at   timestamp with time zone not null,
    content       varchar      not null
);

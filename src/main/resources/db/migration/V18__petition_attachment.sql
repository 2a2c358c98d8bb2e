-- Petition attachments (petition contract §5.5): fetched by URL after the push was answered; a download failure never
-- touches the push. One row per fj[] item; the file itself lies in tongjie.petition.attachments-dir.
create table petition_attachment (
    xfjbh           varchar(20)              not null references petition_item (xfjbh),
    seq             integer                  not null,
    dispute_id      varchar(37)              not null,
    file_name       varchar(200)             not null,
    content_type    varchar(40)              not null,
    size_bytes      bigint                   not null,
    url             varchar(1000)            not null,
    sha256          varchar(64)              not null,
    -- PENDING → DOWNLOADING (leased) → STORED | DISCARDED (hash/size mismatch) | FAILED (refused, 4xx, given up)
    status          varchar(12)              not null,
    attempts        integer                  not null default 0,
    next_attempt_at timestamp with time zone not null,
    lease_until     timestamp with time zone,
    stored_path     varchar(500),
    last_error      varchar(500),
    created_at      timestamp with time zone not null,
    finished_at     timestamp with time zone,
    primary key (xfjbh, seq)
);
create index petition_attachment_due on petition_attachment (status, next_attempt_at);
-- Whether the item's fj[] has been turned into attachment rows (the download worker, not the push, does it).
alter table petition_item add column attachments_scanned boolean not null default false;

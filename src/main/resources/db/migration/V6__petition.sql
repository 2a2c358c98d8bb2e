-- Petition connector (petition contract). Nonces shared by all hub nodes (§4.3 step 5).
create table petition_nonce (
    app_key    varchar(64)              not null,
    nonce      varchar(36)              not null,
    expires_at timestamp with time zone not null,
    primary key (app_key, nonce)
);
create index petition_nonce_expiry on petition_nonce (expires_at);

-- One row per accepted xfjbh (§5.4): the content without tssj (normalised) decides duplicate vs conflict.
create table petition_item (
    xfjbh       varchar(20)              not null primary key,
    tjgzh       varchar(40)              not null,
    content     text                     not null,
    body        text                     not null,
    slqx        date                     not null,
    bjqx        date                     not null,
    received_at timestamp with time zone not null
);

-- Feedback to the petition system (§6), one row per (xfjbh, fkxh), sent strictly in fkxh order (§6.4).
create table petition_feedback (
    xfjbh            varchar(20)              not null,
    fkxh             integer                  not null,
    blzt             varchar(2)               not null,
    body             text                     not null,
    status           varchar(16)              not null,
    attempts         integer                  not null default 0,
    first_attempt_at timestamp with time zone,
    next_attempt_at  timestamp with time zone not null,
    last_error       varchar(1000),
    created_at       timestamp with time zone not null,
    sent_at          timestamp with time zone,
    primary key (xfjbh, fkxh)
);
create index petition_feedback_due on petition_feedback (status, next_attempt_at);

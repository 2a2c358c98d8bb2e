-- Courts whose outbox an AUTH_FAILED answer stopped (contract §11: "stop this court's outbox and alert. Do not retry
-- automatically"). In the database, not in memory, so that every hub node stops, and a restart does not resume by
-- itself; an operator resumes with POST /api/admin/court/outbox/{courtDigits}/resume, which deletes the row.
create table court_outbox_pause (
    court_code varchar primary key,
    paused_at timestamp with time zone not null,
    reason varchar not null
);

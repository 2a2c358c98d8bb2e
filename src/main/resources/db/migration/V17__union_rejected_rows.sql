-- Referral rows the union refused (trade-union §5.1, its to-union/error/<base>.err): the row is marked failed with
-- the union's code and the operator alerted; the other rows of the file stay accepted.
alter table union_case add column rejected_code varchar(30);
alter table union_case add column rejected_record integer;
alter table union_case add column rejected_at timestamp with time zone;
-- When the hub read the union's error report of this file (each report is acted on once).
alter table union_file add column err_seen_at timestamp with time zone;
-- When the hub alerted that the union had not imported this file after 2 working days (§8; once per cluster).
alter table union_file add column pickup_alerted_at timestamp with time zone;

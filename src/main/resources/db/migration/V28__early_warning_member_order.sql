-- An open surge's evidence lists its first members in the order they joined (EarlyWarningStore.firstMembers): read
-- from this index in order and stopped after the first 200, instead of sorting all members (thousands in a busy
-- township) for every dispute that joins (docs/benchmarks.md). Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.
create index ew_alert_dispute_order_idx on ew_alert_dispute (alert_id, added_at, dispute_id);

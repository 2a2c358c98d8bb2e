-- Correlation by party instead of by township (issue 8; docs/correlation.md, docs/benchmarks.md).
-- Portable SQL for H2 (MODE=PostgreSQL) and PostgreSQL.

-- Every report's parties as digests (registry.PartyKeys: one per normalised name, one per ID number) under the
-- township it was about: the disputes a new report may be the same as are those sharing a key with it, found by this
-- index instead of by reading every open dispute of the township. Rows are only added (a corrected or attached report
-- adds its keys): an extra candidate is rejected by the matcher, a missing one would be a missed correlation.
-- The rows of disputes that existed before this version are added by V26 (registry.V26__PartyKeysBackfill).
create table dispute_party_key (
    township    varchar(9)  not null,
    key_hash    varchar(22) not null,
    dispute_id  varchar(37) not null,
    -- key first: H2 uses an IN list on the leading column of an index only (township first made it walk the
    -- township's keys)
    primary key (key_hash, township, dispute_id)
);
create index dispute_party_key_dispute_idx on dispute_party_key (dispute_id);

-- Correlation now locks a row per township and party-key bucket (township:000 … township:255, see Correlation)
-- instead of one per township; the township rows already in correlation_lock are simply no longer used.

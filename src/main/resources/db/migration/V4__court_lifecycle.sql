-- Court delegation life cycle (contract §8.1, §8.2, §14): what the hub learnt from the mediation body's canonical
-- events about a court-delegated dispute, kept so that the acknowledgement, the result and a later TIMEOUT can name
-- the organisation and mediator even when they are built from another event (or by the deadline scheduler).
-- Same SQL on H2 (PostgreSQL mode) and PostgreSQL 15.
create table court_mediation (
    dispute_id varchar not null primary key,
    court_code varchar not null,
    delegation_id varchar not null,
    body_agency varchar,                      -- agency of the body that accepted (legal-service, trade-union, ...)
    body_code varchar,                        -- that agency's code of the body (committee code TW.../HY...)
    body_name varchar,
    accepted_at timestamp with time zone,     -- the body's acceptance: decidedAt of AcknowledgeDelegation ACCEPTED
    mediator_body_code varchar,               -- body whose mediator is below (a re-routed dispute changes body)
    mediator_name varchar,
    mediator_phone varchar,
    result_summary varchar,                   -- the result the hub reported, in words: resultNote of a later TIMEOUT
    updated_at timestamp with time zone not null
);
create index court_mediation_delegation on court_mediation (court_code, delegation_id);

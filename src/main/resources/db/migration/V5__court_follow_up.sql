-- Court follow-up after a mediation (contract §8.3 司法确认, §8.4 转立案): what the hub needs to prepare an application
-- or a transfer besides the columns of V2. One statement per column: the same script runs on H2 and PostgreSQL.

-- Operator input (JSON: applicationDate, consent, per-applicant phone/address/id, region where the mediation took place)
-- and the accepted ReportMediationResult whose agreement is applied for (legacy delegations), so the agreement sent is
-- byte-for-byte the one the court already holds.
alter table court_application add column inputs varchar;
alter table court_application add column report_outbound_id bigint;
alter table court_application add column cause_code varchar;
alter table court_application add column cause_name varchar;
alter table court_application add column message_id varchar;
alter table court_application add column reason_text varchar;
-- When the court accepted the application: the review reminder (about 25 days later) counts from here.
alter table court_application add column accepted_at timestamp with time zone;
alter table court_application add column review_reminded boolean default false not null;

-- Operator input for a transfer (JSON: claims, consent, cause, amount, legal representatives, region).
alter table court_transfer add column inputs varchar;
alter table court_transfer add column message_id varchar;
alter table court_transfer add column reason_text varchar;

-- Documents belong to one application or transfer: a new transfer after NOT_FILED MATERIALS_INCOMPLETE starts empty.
alter table court_document add column object_id varchar;
create index court_document_object on court_document (object_id);

-- The conclusion of a hub-originated mediation (canonical mediation.concluded data, JSON), kept so an operator can
-- start a 司法确认 application or a transfer days later with the agreement / failure exactly as the body reported it.
create table court_mediation_outcome (
    dispute_id varchar primary key,
    result varchar not null,                  -- SUCCESS | FAILURE | TERMINATED
    data varchar not null,
    recorded_at timestamp with time zone not null
);

-- What the early-warning rules and an alert's evidence last saw of a dispute (issue 8): a SHA-256 over its observation,
-- its agency references and the rules in force. An event whose dispute still has the same fingerprint cannot change
-- any alert, so it is not evaluated again. Empty for rows stored before V27: their next event evaluates once.
alter table ew_observation add column fingerprint varchar(64);

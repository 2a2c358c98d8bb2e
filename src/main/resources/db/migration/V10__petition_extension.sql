-- Petition §8 extension (+30 days, once): which fkxh asked for it, and the new 办结 deadline once that feedback got 200
-- (the contract assumes approval then). bjqx keeps the pushed deadline.
alter table petition_item add column extension_fkxh integer;
alter table petition_item add column extended_bjqx date;

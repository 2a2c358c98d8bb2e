-- One row whose lock is the outbox relay's lease: with several hub nodes on one database only the node holding it
-- relays, so a pending row is never sent by two nodes at once (issue 7, two nodes sharing the work).
create table outbox_relay_lease (
    id integer primary key
);
insert into outbox_relay_lease (id) values (1);

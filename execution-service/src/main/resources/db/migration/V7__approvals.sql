-- approvals and human answers (issue 30): an execution's version moves with every suspension and answer, so an
-- answer made on a stale read is refused; an answer's Idempotency-Key is kept with it, so a retry gets the same answer
alter table execution add column version integer not null default 1;
alter table pending_action add column answer_key varchar(300);

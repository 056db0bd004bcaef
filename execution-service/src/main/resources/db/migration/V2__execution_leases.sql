-- An execution whose hold was drawn from a credit lease names the lease and the hold in agent.executed,
-- from which billing settles it (executions held on their own leave both null: billing knows the hold)
alter table execution add column lease_id varchar(60), add column hold_amount bigint;

-- The replica that runs an execution, and each replica's last sign of life: another replica fails an
-- in_progress execution whose replica has gone silent (recovery/AbandonedExecutions), so a crash never
-- leaves an execution in_progress for good. Rows written before this column leave it null.
alter table execution add column runner varchar(100);

create table execution_runner (
    id            varchar(100) primary key,
    heartbeat_at  timestamptz  not null
);

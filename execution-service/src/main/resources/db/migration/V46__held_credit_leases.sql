-- The credit leases a replica holds (billing/HeldLeases): kept in memory while they are drawn from, and here so
-- that when the replica dies without closing them its next start, or any replica once its heartbeat has stopped,
-- closes them with what their executions drew, instead of billing keeping them reserved until they expire.
create table credit_lease_held (
    lease_id      varchar(60)  primary key,
    workspace_id  varchar(100) not null,
    tenant_id     varchar(100) not null,
    runner        varchar(100) not null,
    granted_at    timestamptz  not null
);

-- what a lease's executions drew: the sum of their holds
create index execution_lease on execution (lease_id) where lease_id is not null;

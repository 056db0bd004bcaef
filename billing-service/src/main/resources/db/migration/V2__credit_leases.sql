-- billing-service: credit leases. An execution-service replica leases a block of a workspace's credits
-- for one model and draws each execution's hold from it in memory; the executions settle against the lease.

create table credit_lease (
    id           varchar(60)  primary key,         -- lease_<uuid>
    workspace_id varchar(40)  not null,
    tenant_id    varchar(40),
    model        varchar(100) not null,
    amount       bigint       not null,            -- reserved in credit_account when granted
    drawn        bigint,                           -- what the replica drew, reported when it closed the lease
    settled      bigint       not null default 0,  -- released from reserved by settled executions
    status       varchar(20)  not null,            -- open | closed | expired
    expires_at   timestamptz  not null,
    created_at   timestamptz  not null default now(),
    closed_at    timestamptz
);
create index credit_lease_expiry_idx on credit_lease (expires_at) where status in ('open', 'closed');
create index credit_lease_workspace_idx on credit_lease (workspace_id);

-- the lease an execution drew its hold from; null for a hold of its own
alter table credit_reservation add column lease_id varchar(60);

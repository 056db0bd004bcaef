-- A session run's messages from its completion until session-service has stored them (session/PendingHistory).
-- The answer goes out before the append; the row is written in the completion's statement and deleted once the
-- append succeeded, so a replica that crashed, or could not reach session-service, leaves it for a sweep.
create table pending_history (
    execution_id  varchar(64)  primary key,
    workspace_id  varchar(100) not null,
    tenant_id     varchar(100),
    session_id    varchar(100) not null,
    messages      text         not null,
    created_at    timestamptz  not null
);

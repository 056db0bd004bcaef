-- what a suspended run waits on (a client tool's result; later approvals): one row per tool call, answered once
create table pending_action (
    id            varchar(64)  primary key,
    execution_id  varchar(64)  not null,
    workspace_id  varchar(64)  not null,
    kind          varchar(32)  not null,
    tool_call_id  varchar(200) not null,
    tool          varchar(200) not null,
    arguments     text,
    created_at    timestamptz  not null,
    expires_at    timestamptz  not null,
    on_expiry     varchar(16)  not null,
    outcome       varchar(16),
    result        text,
    answered_at   timestamptz,
    unique (execution_id, tool_call_id)
);
create index pending_action_open on pending_action (expires_at) where answered_at is null;
alter table execution add column pending_actions text;

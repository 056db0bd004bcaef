-- One row per execution; the state machine lives in status (see ExecutionStatus).
create table execution (
    id              varchar(64)  primary key,
    workspace_id    varchar(100) not null,
    tenant_id       varchar(100),
    agent_id        varchar(200) not null,
    agent_version   integer,
    session_id      varchar(100),
    batch_id        varchar(64),
    status          varchar(32)  not null,
    mode            varchar(16)  not null,
    model           varchar(200),
    output_text     text,
    parsed_output   text,
    messages_json   text,
    input_tokens    integer      not null default 0,
    output_tokens   integer      not null default 0,
    cost            bigint       not null default 0,
    latency_ms      bigint,
    event_count     integer      not null default 0,
    error_code      varchar(64),
    error_message   text,
    correlation_id  varchar(128),
    created_at      timestamptz  not null,
    started_at      timestamptz,
    completed_at    timestamptz
);

-- GET /v1/executions lists newest first within a workspace
create index execution_workspace_created on execution (workspace_id, created_at desc, id);
-- registry's delete check: active executions of an agent
create index execution_active_by_agent on execution (workspace_id, agent_id)
    where status in ('pending', 'in_progress', 'awaiting_client_tool', 'awaiting_approval');
create index execution_session on execution (session_id) where session_id is not null;

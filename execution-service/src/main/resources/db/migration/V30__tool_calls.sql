-- The tool ledger (tools/ledger/ToolLedger): every server-side tool call is recorded before it runs and keeps
-- its result, so a run resumed elsewhere replays a finished call instead of running it again. A row left
-- 'running' by a crash is in doubt: re-run only when the method is idempotent.
-- call_key identifies the call within the execution: "s<step>:<tool_call_id>" (providers reuse call ids
-- across turns), or "<tool_call_id>#<args hash prefix>" when the caller gave no step.
create table tool_call (
    execution_id   varchar(64)  not null,
    call_key       varchar(300) not null,
    tool_call_id   varchar(200) not null,
    step           integer,
    workspace_id   varchar(100) not null,
    agent_id       varchar(200),
    node           varchar(200),
    toolkit        varchar(100) not null,
    method         varchar(200) not null,
    arguments      text         not null,
    args_hash      varchar(64)  not null,
    state          varchar(16)  not null,
    result         text,
    attempts       integer      not null default 1,
    started_at     timestamptz  not null,
    finished_at    timestamptz,
    duration_ms    bigint,
    primary key (execution_id, call_key)
);

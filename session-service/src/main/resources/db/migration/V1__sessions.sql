-- Sessions and conversations (a conversation is a session with kind = 'conversation').
create table session (
    id               varchar(40)  primary key,
    workspace_id     varchar(100) not null,
    tenant_id        varchar(100),
    kind             varchar(20)  not null,
    title            varchar(200),
    status           varchar(20)  not null,
    agent_id         varchar(200),
    agent_version    integer,
    agent_config     jsonb,
    external_user_id varchar(200),
    metadata         jsonb        not null default '{}',
    variables        jsonb        not null default '{}',
    message_count    integer      not null default 0,
    ttl_seconds      bigint,
    expires_at       timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null
);
create index session_ws_created_idx on session (workspace_id, created_at desc, id);
create index session_ws_agent_idx on session (workspace_id, agent_id, created_at desc);
create index session_ws_user_idx on session (workspace_id, external_user_id, created_at desc);
create index session_metadata_idx on session using gin (metadata jsonb_path_ops);
create index session_expiry_idx on session (expires_at) where expires_at is not null;
-- create-or-resume: at most one active conversation per agent and external user
create unique index conversation_active_uq on session (workspace_id, agent_id, coalesce(external_user_id, ''))
    where kind = 'conversation' and status = 'active';

-- One row per appended run (execution); the primary key makes appends idempotent.
create table session_run (
    session_id   varchar(40)  not null references session (id) on delete cascade,
    execution_id varchar(100) not null,
    seq          bigserial    not null,
    created_at   timestamptz  not null default now(),
    primary key (session_id, execution_id)
);
create index session_run_recent_idx on session_run (session_id, seq desc);

create table message (
    id           varchar(40)  primary key,
    session_id   varchar(40)  not null references session (id) on delete cascade,
    seq          bigserial    not null,
    execution_id varchar(100),
    position     integer      not null,
    role         varchar(16)  not null,
    content      jsonb        not null,
    tool_calls   jsonb,
    tool_call_id varchar(200),
    usage        jsonb,
    feedback     smallint,
    created_at   timestamptz  not null
);
create index message_session_seq_idx on message (session_id, seq);
create unique index message_run_position_uq on message (session_id, execution_id, position);

-- Facts about an external user, per workspace and optionally per agent.
create table memory (
    id               varchar(40)  primary key,
    workspace_id     varchar(100) not null,
    external_user_id varchar(200) not null,
    agent_id         varchar(200),
    fact             text         not null,
    created_at       timestamptz  not null
);
create unique index memory_fact_uq on memory (workspace_id, external_user_id, coalesce(agent_id, ''), md5(fact));
create index memory_user_idx on memory (workspace_id, external_user_id, created_at desc);

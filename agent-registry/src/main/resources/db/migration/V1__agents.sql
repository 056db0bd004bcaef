-- Agents: one row per agent with its current definition; the columns that lists filter and sort
-- on are copied out of the definition (which is the whole normalized agent as JSON text).
create table agent (
    key            uuid          primary key,
    workspace_id   varchar(100)  not null,
    agent_id       varchar(255)  not null,
    tenant_id      varchar(100),
    name           varchar(255)  not null,
    description    varchar(1000),
    role           varchar(40)   not null,
    maturity_level varchar(20)   not null,
    status         varchar(20)   not null,
    tags           text[]        not null default '{}',
    version        integer       not null,
    definition     text          not null,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    deleted_at     timestamptz,
    constraint agent_workspace_agent_id unique (workspace_id, agent_id)
);

-- list endpoint: always scoped by workspace and live rows, sorted by created_at or name,
-- optionally filtered by role / maturity_level / status / tag
create index agent_live_created on agent (workspace_id, created_at, key) where deleted_at is null;
create index agent_live_name on agent (workspace_id, name, key) where deleted_at is null;
create index agent_live_role on agent (workspace_id, role, created_at) where deleted_at is null;
create index agent_live_maturity on agent (workspace_id, maturity_level, created_at) where deleted_at is null;
create index agent_live_status on agent (workspace_id, status, created_at) where deleted_at is null;
create index agent_tags on agent using gin (tags);

-- Immutable snapshots: every change of an agent writes one.
create table agent_version (
    key          uuid         primary key,
    workspace_id varchar(100) not null,
    agent_id     varchar(255) not null,
    version      integer      not null,
    change       varchar(20)  not null,
    definition   text         not null,
    created_at   timestamptz  not null,
    constraint agent_version_unique unique (workspace_id, agent_id, version)
);

-- Training statistics per agent, fed by agent.executed and feedback.recorded events.
create table agent_training (
    key                 uuid          primary key,
    workspace_id        varchar(100)  not null,
    agent_id            varchar(255)  not null,
    executions          bigint        not null default 0,
    successes           bigint        not null default 0,
    failures            bigint        not null default 0,
    cancellations       bigint        not null default 0,
    executions_at_level bigint        not null default 0,
    successes_at_level  bigint        not null default 0,
    positive_feedback   bigint        not null default 0,
    negative_feedback   bigint        not null default 0,
    total_tokens        bigint        not null default 0,
    total_latency_ms    bigint        not null default 0,
    total_cost          numeric(24,6) not null default 0,
    last_execution_id   varchar(255),
    last_execution_at   timestamptz,
    updated_at          timestamptz   not null,
    constraint agent_training_unique unique (workspace_id, agent_id)
);

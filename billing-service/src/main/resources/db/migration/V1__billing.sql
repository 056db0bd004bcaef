-- billing-service: tenants, workspaces, tiers, API keys, the operator key, credits, pricing.

create table tier (
    name        varchar(40) primary key,
    per_minute  bigint      not null,   -- negative: unlimited
    per_day     bigint      not null,
    description varchar(200)
);
insert into tier (name, per_minute, per_day, description) values
    ('free', 60, 50, 'Free: 50 requests/day, 60/minute'),
    ('solo', 100, 500, 'Solo: 500 requests/day, 100/minute'),
    ('team', 500, 5000, 'Team: 5,000 requests/day, 500/minute'),
    ('enterprise', -1, -1, 'Enterprise: unlimited unless a custom limit is set');

create table tenant (
    id         varchar(40)  primary key,
    name       varchar(200) not null,
    created_at timestamptz  not null default now()
);

create table workspace (
    id                varchar(40)  primary key,
    tenant_id         varchar(40)  not null references tenant (id),
    name              varchar(200) not null,
    tier              varchar(40)  not null references tier (name),
    custom_per_minute bigint,
    custom_per_day    bigint,
    created_at        timestamptz  not null default now()
);
create index workspace_tenant_idx on workspace (tenant_id);

create table api_key (
    id             varchar(40)  primary key,
    workspace_id   varchar(40)  not null references workspace (id),
    tenant_id      varchar(40)  not null,
    name           varchar(100) not null,
    type           varchar(20)  not null,          -- workspace | execution
    prefix         varchar(20)  not null,          -- shown again; the secret never is
    key_hash       char(64)     not null unique,   -- SHA-256 hex of the secret
    scopes         varchar(200) not null,
    allowed_agents text         not null default '',
    created_at     timestamptz  not null default now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
create index api_key_workspace_idx on api_key (workspace_id, created_at);

create table operator_key (
    id         varchar(20) primary key,            -- 'operator': one row
    key_hash   char(64)    not null,
    source     varchar(20) not null,               -- env | generated
    created_at timestamptz not null default now()
);

create table credit_account (
    workspace_id varchar(40) primary key,
    tenant_id    varchar(40),
    balance      bigint      not null default 0 check (balance >= 0),
    reserved     bigint      not null default 0 check (reserved >= 0 and reserved <= balance),
    updated_at   timestamptz not null default now()
);

create table credit_reservation (
    workspace_id  varchar(40)  not null,
    tenant_id     varchar(40),
    execution_id  varchar(100) not null,
    amount        bigint       not null,
    status        varchar(20)  not null,           -- held | captured | released
    charged       bigint       not null default 0,
    released      bigint       not null default 0,
    reason        varchar(20),
    agent_id      varchar(100),
    model         varchar(100),
    input_tokens  bigint       not null default 0,
    output_tokens bigint       not null default 0,
    expires_at    timestamptz  not null,
    created_at    timestamptz  not null default now(),
    settled_at    timestamptz,
    primary key (workspace_id, execution_id)
);
create index credit_reservation_expiry_idx on credit_reservation (expires_at) where status = 'held';
create index credit_reservation_usage_idx on credit_reservation (workspace_id, settled_at) where status <> 'held';

create table ledger_entry (
    id              uuid         primary key,
    workspace_id    varchar(40)  not null,
    kind            varchar(20)  not null,         -- grant | reserve | capture | release | refund | adjustment
    amount          bigint       not null,         -- change of the balance
    reserved_change bigint       not null,         -- change of the credits on hold
    balance_after   bigint       not null,
    available_after bigint       not null,
    execution_id    varchar(100),
    note            varchar(500),
    created_at      timestamptz  not null default now()
);
create index ledger_entry_workspace_idx on ledger_entry (workspace_id, created_at);

create table pricing_rule (
    model                varchar(100) primary key,  -- '*' is the default for unknown models
    base_cost            bigint       not null,     -- micro-credits per execution
    input_token_price    bigint       not null,     -- micro-credits per token
    output_token_price   bigint       not null,
    updated_at           timestamptz  not null default now()
);
insert into pricing_rule (model, base_cost, input_token_price, output_token_price) values
    ('*', 1000, 2, 8),
    ('sim-1', 500, 1, 4),
    ('gpt-4o-mini', 500, 1, 4),
    ('gpt-4o', 2000, 5, 15);

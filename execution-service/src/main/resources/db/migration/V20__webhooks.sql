-- Webhooks (package webhook): a workspace's subscriptions, one delivery row per (subscription, event) — the
-- durable queue the dispatcher drains, at least once — and one row per attempt (the delivery log).
create table webhook_subscription (
    id                     varchar(40)   primary key,
    workspace_id           varchar(100)  not null,
    tenant_id              varchar(100),
    url                    varchar(2048) not null,
    -- event types, comma-separated ('*' = all)
    events                 varchar(1024) not null,
    description            varchar(500),
    enabled                boolean       not null default true,
    -- why the platform disabled it (410 Gone, failing for days); null when a user did, or when enabled
    disabled_reason        varchar(300),
    -- HMAC keys: the current one, and the one rotated out, which keeps signing beside it until previous_until
    secret                 varchar(100)  not null,
    previous_secret        varchar(100),
    previous_until         timestamptz,
    -- the failure streak: consecutive failed attempts and since when (cleared by a 2xx)
    failure_streak         integer       not null default 0,
    failing_since          timestamptz,
    created_at             timestamptz   not null,
    updated_at             timestamptz   not null
);
create index webhook_subscription_workspace on webhook_subscription (workspace_id, created_at desc, id);

create table webhook_delivery (
    id                varchar(40)   primary key,
    workspace_id      varchar(100)  not null,
    subscription_id   varchar(40)   not null references webhook_subscription (id) on delete cascade,
    -- webhook-id: the same on every attempt and redelivery of this message
    message_id        varchar(40)   not null,
    -- the Kafka event it came from (a redelivered event finds its row and adds none); null for webhook.test
    event_id          varchar(100),
    event_type        varchar(64)   not null,
    -- the exact JSON body that is signed and sent
    payload           text          not null,
    -- pending (due at next_attempt_at) → delivering (claimed until lease_until) → delivered | failed
    status            varchar(16)   not null,
    -- attempts in the current round (a redelivery starts a new round); all attempts are in webhook_attempt
    tries             integer       not null default 0,
    next_attempt_at   timestamptz   not null,
    lease_until       timestamptz,
    last_status_code  integer,
    created_at        timestamptz   not null,
    delivered_at      timestamptz,
    unique (subscription_id, event_id)
);
-- the dispatcher's claim: due rows, oldest first
create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_lease on webhook_delivery (lease_until) where status = 'delivering';
-- the delivery log of one subscription, newest first
create index webhook_delivery_log on webhook_delivery (subscription_id, created_at desc, id);

create table webhook_attempt (
    id             bigserial     primary key,
    delivery_id    varchar(40)   not null references webhook_delivery (id) on delete cascade,
    attempted_at   timestamptz   not null,
    status_code    integer,
    latency_ms     bigint,
    -- why no status code: refused address, timeout, connection refused (never a secret)
    error          varchar(300),
    -- the first KiB of the answer
    response_body  varchar(1024)
);
create index webhook_attempt_delivery on webhook_attempt (delivery_id, id);

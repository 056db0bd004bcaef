-- Tables every service has in its own schema (shipped by service-kit, run by each service's Flyway).

-- Transactional outbox: an event row commits with the state change it describes.
create table outbox_event (
    seq        bigserial primary key,
    id         uuid         not null unique,
    topic      varchar(200) not null,
    event_key  varchar(300),
    event_type varchar(100) not null,
    payload    text         not null,
    request_id varchar(128),
    created_at timestamptz  not null default now()
);

-- Idempotent consumers: one row per (consumer, event) ever handled.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(100) not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);

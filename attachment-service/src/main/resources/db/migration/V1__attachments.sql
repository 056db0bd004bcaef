-- Uploaded files: metadata here, bytes in object storage under storage_key.
create table attachment (
    id            uuid         primary key,
    tenant_id     varchar(100),
    workspace_id  varchar(100) not null,
    storage_key   varchar(300) not null unique,
    filename      varchar(255) not null,
    content_type  varchar(100) not null,
    size_bytes    bigint       not null,
    sha256        char(64)     not null,
    purpose       varchar(64),
    created_at    timestamptz  not null,
    -- set when another service used the attachment (execution input); unreferenced uploads expire
    referenced_at timestamptz
);
create index attachment_ws_created on attachment (workspace_id, created_at desc);
create index attachment_unreferenced on attachment (created_at) where referenced_at is null;

-- Extracted text, computed once per attachment and kept until the attachment is deleted.
create table attachment_text (
    attachment_id uuid        primary key references attachment (id) on delete cascade,
    text          text        not null,
    truncated     boolean     not null,
    extracted_at  timestamptz not null
);

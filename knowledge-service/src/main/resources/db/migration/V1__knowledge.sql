-- Knowledge bases: chunking and embedding model are fixed at creation (changing them means re-embedding all).
create table knowledge_base (
    id              uuid          primary key,
    tenant_id       varchar(100),
    workspace_id    varchar(100)  not null,
    name            varchar(200)  not null,
    description     varchar(2000),
    embedding_model varchar(100)  not null,
    chunk_size      int           not null,
    chunk_overlap   int           not null,
    -- bumped whenever the set of searchable chunks changes: search caches vectors per revision
    revision        bigint        not null default 0,
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null
);
create unique index knowledge_base_ws_name on knowledge_base (workspace_id, name);

-- Documents: inline text or an attachment's extracted text, ingested asynchronously.
create table kb_document (
    id                uuid         primary key,
    knowledge_base_id uuid         not null references knowledge_base (id) on delete cascade,
    workspace_id      varchar(100) not null,
    source            varchar(20)  not null,
    storage_key       varchar(300),
    title             varchar(300),
    content_type      varchar(100),
    content_hash      char(64)     not null,
    inline_text       text,
    status            varchar(20)  not null,
    progress          int          not null default 0,
    chunk_count       int          not null default 0,
    attempts          int          not null default 0,
    error_code        varchar(64),
    error_message     varchar(500),
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);
-- re-adding the same content to a base is a no-op
create unique index kb_document_hash on kb_document (knowledge_base_id, content_hash);
create index kb_document_base on kb_document (knowledge_base_id, created_at desc);
create index kb_document_unfinished on kb_document (updated_at) where status in ('pending', 'processing');

-- Chunks with their embedding (float32 little-endian, normalised), searched exactly in memory.
create table kb_chunk (
    id                bigserial    primary key,
    document_id       uuid         not null references kb_document (id) on delete cascade,
    knowledge_base_id uuid         not null,
    position          int          not null,
    page              int,
    heading           varchar(500),
    text              text         not null,
    token_count       int          not null,
    embedding         bytea        not null
);
create index kb_chunk_base on kb_chunk (knowledge_base_id);
create index kb_chunk_document on kb_chunk (document_id, position);

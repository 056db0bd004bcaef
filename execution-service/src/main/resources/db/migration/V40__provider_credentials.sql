-- Workspace provider credentials (package provider), envelope-encrypted: each workspace has one data key, stored
-- wrapped (AES-256-GCM) by the operator's master key; each API key is stored encrypted by its workspace's data key.
-- Nothing here is readable without the master key, which lives only in the service's configuration.
create table provider_data_key (
    workspace_id   varchar(100) primary key,
    -- the first 16 hex digits of the SHA-256 of the master key that wrapped it (which key to unwrap with)
    master_key_id  varchar(16)  not null,
    -- nonce (12 bytes) || ciphertext and tag of the 32-byte data key; the workspace id is the associated data
    wrapped_key    bytea        not null,
    created_at     timestamptz  not null,
    rewrapped_at   timestamptz
);
create index provider_data_key_master on provider_data_key (master_key_id);

create table provider_credential (
    id             varchar(40)   primary key,
    workspace_id   varchar(100)  not null,
    -- what agents name in llm_config.provider / fallbacks[].provider
    name           varchar(64)   not null,
    -- openai | anthropic | openai_compatible
    provider       varchar(32)   not null,
    base_url       varchar(2048),
    organization   varchar(200),
    -- nonce (12 bytes) || ciphertext and tag of the API key under the workspace's data key (id in the associated data)
    key_ciphertext bytea         not null,
    -- what the API shows instead of the key: a few characters of each end
    key_hint       varchar(20)   not null,
    -- bumped by every change (a rotation): built clients are cached by (id, revision)
    revision       integer       not null default 1,
    created_at     timestamptz   not null,
    updated_at     timestamptz   not null,
    constraint provider_credential_name unique (workspace_id, name)
);
create index provider_credential_workspace on provider_credential (workspace_id, created_at desc, id);

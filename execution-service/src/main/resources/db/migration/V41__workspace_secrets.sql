-- Workspace secrets (package secret): values agents' HTTP tools put into request headers ({{secrets.NAME}}), encrypted
-- like provider credentials: by the workspace's data key (provider_data_key), itself wrapped by the master key.
create table workspace_secret (
    id               varchar(40)   primary key,
    workspace_id     varchar(100)  not null,
    -- what header templates name: {{secrets.NAME}}
    name             varchar(64)   not null,
    -- nonce (12 bytes) || ciphertext and tag of the value under the workspace's data key (id in the associated data)
    value_ciphertext bytea         not null,
    -- what the API shows instead of the value: its last characters, masked
    value_hint       varchar(20)   not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    constraint workspace_secret_name unique (workspace_id, name)
);
create index workspace_secret_workspace on workspace_secret (workspace_id, created_at desc, id);

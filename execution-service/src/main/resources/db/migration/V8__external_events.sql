-- an external event may be posted to a callback URL whose token is the credential: only its SHA-256 is kept
alter table pending_action add column callback_token_hash varchar(64);
create index pending_action_callback on pending_action (execution_id, callback_token_hash)
    where callback_token_hash is not null;

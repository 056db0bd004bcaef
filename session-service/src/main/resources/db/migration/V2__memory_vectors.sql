-- memories retrieved by relevance: the fact's embedding (unit length, from knowledge-service's model),
-- the execution a fact came from and when a later run replaced it
alter table memory add column embedding real[];
alter table memory add column embedding_model varchar(100);
alter table memory add column execution_id varchar(100);
alter table memory add column updated_at timestamptz;

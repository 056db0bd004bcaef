-- Per base: how vectors compare (seed 001's metric_type) and their length (the embedding model's).
alter table knowledge_base add column metric_type varchar(10) not null default 'COSINE';
alter table knowledge_base add column dimensions int not null default 384;
-- A document's own metadata (string values), matched by query filters ("metadata.lang": "en").
alter table kb_document add column metadata jsonb;

-- Keyword search: PostgreSQL full text over heading and text ('simple': no stemming, any language).
alter table kb_chunk add column tsv tsvector
    generated always as (to_tsvector('simple', coalesce(heading, '') || ' ' || text)) stored;
create index kb_chunk_tsv on kb_chunk using gin (tsv);

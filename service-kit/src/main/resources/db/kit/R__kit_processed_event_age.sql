-- Processed event ids are forgotten after a retention (kit ProcessedEventsPruner): find them by age.
-- Repeatable, so that databases migrated before it get the index too.
create index if not exists processed_event_age on processed_event (processed_at);

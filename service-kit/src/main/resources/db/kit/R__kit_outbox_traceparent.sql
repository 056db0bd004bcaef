-- The W3C traceparent of the request that wrote an event, sent as a Kafka header by the outbox relay so that the
-- consumer's work joins the request's trace. Repeatable and idempotent, so existing databases get the column
-- without a version of their own.
alter table outbox_event add column if not exists traceparent varchar(64);

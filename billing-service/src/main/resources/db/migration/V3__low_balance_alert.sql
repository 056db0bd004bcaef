-- credits.low: a workspace may ask to hear when a charge takes its balance under this many micro-credits
alter table credit_account add column low_balance_threshold bigint;

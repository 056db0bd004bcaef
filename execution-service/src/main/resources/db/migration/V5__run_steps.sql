-- the run engine: a run's node path and steps (model calls, tool calls, reasoning), shown with the execution
alter table execution add column steps_json text;

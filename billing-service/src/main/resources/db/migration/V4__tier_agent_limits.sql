-- How many live agents a workspace of each tier may have (seed 002's AGENT_LIMIT_EXCEEDED); negative: unlimited.
alter table tier add column max_agents integer not null default -1;
update tier set max_agents = 25 where name = 'free';
update tier set max_agents = 100 where name = 'solo';
update tier set max_agents = 1000 where name = 'team';

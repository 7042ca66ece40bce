-- V12: the server's run each model call belongs to (null for calls outside a run: the CLI, client-side tools), so
-- /api/runs shows a run's tokens and cost per call, per agent and in total.
alter table model_usage add column run_id uuid;

create index model_usage_run_idx on model_usage (run_id) where run_id is not null;

-- The W3C trace context (traceparent) of the request that wrote the row, so that the relay continues its trace
-- (docs/tracing.md). Null for rows written outside a traced request.
alter table outbox add column trace_parent text;

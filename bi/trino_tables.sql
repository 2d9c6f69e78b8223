-- Trino (Hive connector) external tables over the MarketLens Parquet exports. Generated from
-- schemas/ by `bin/marketlens contracts --bi bi` (do not edit). Replace ${EXPORTS} with the exports
-- root (e.g. s3a://marketlens-lake/exports) and hive.marketlens with your catalog and schema.
-- After each export run, sync the partitions of the partitioned tables (calls below).

CREATE SCHEMA IF NOT EXISTS hive.marketlens;

CREATE TABLE IF NOT EXISTS hive.marketlens.cohort_retention (
  grain varchar,
  cohort date,
  segment varchar,
  channel varchar,
  period_index integer,
  period_start date,
  cohort_size bigint,
  active_users bigint,
  retention_rate double,
  unbounded_retention_rate double,
  retention_low double,
  retention_high double,
  unbounded_retention_low double,
  unbounded_retention_high double,
  period_complete boolean,
  site varchar
) WITH (
  external_location = '${EXPORTS}/cohort_retention',
  format = 'PARQUET',
  partitioned_by = ARRAY['site']
);
CALL hive.system.sync_partition_metadata('marketlens', 'cohort_retention', 'FULL');

CREATE TABLE IF NOT EXISTS hive.marketlens.growth_accounting (
  site varchar,
  month date,
  mau bigint,
  new_users bigint,
  retained_users bigint,
  resurrected_users bigint,
  churned_users bigint,
  previous_mau bigint,
  quick_ratio double,
  mau_growth double
) WITH (
  external_location = '${EXPORTS}/growth_accounting',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.channel_growth (
  site varchar,
  channel varchar,
  month date,
  new_users bigint,
  new_user_share double,
  month3_retention double
) WITH (
  external_location = '${EXPORTS}/channel_growth',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.growth_model_fits (
  site varchar,
  series varchar,
  model varchar,
  converged boolean,
  chosen boolean,
  parameters map(varchar, double),
  standard_errors map(varchar, double),
  ceiling double,
  ceiling_se double,
  inflection_on date,
  rss double,
  rmse double,
  aic double,
  points integer
) WITH (
  external_location = '${EXPORTS}/growth_model_fits',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.growth_ceilings (
  site varchar,
  series varchar,
  model varchar,
  status varchar,
  ceiling_identified boolean,
  ceiling double,
  ceiling_lower double,
  ceiling_upper double,
  inflection_on date,
  ceiling_reached_on date,
  threshold_crossings map(varchar, date),
  peak_value double,
  peak_on date,
  last_observed_on date,
  last_value double,
  points integer,
  growth_break_on date,
  preceding_event_on date,
  preceding_event_actor varchar,
  preceding_event varchar,
  preceding_event_days_before integer,
  first_identified_on date,
  identified_lead_days integer,
  inflection_month_ceiling double
) WITH (
  external_location = '${EXPORTS}/growth_ceilings',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.growth_ceiling_backtest (
  site varchar,
  series varchar,
  cutoff date,
  points integer,
  model varchar,
  status varchar,
  ceiling_identified boolean,
  ceiling double,
  ceiling_lower double,
  ceiling_upper double,
  inflection_on date,
  final boolean
) WITH (
  external_location = '${EXPORTS}/growth_ceiling_backtest',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.growth_changepoints (
  site varchar,
  series varchar,
  change_on date,
  rate_before double,
  rate_after double,
  rate_change double
) WITH (
  external_location = '${EXPORTS}/growth_changepoints',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.market_event_impact (
  site varchar,
  series varchar,
  event_on date,
  event_actor varchar,
  event varchar,
  market_wide boolean,
  window_days integer,
  points_before integer,
  points_after integer,
  slope_before double,
  slope_after double,
  slope_change double,
  placebo_dates integer,
  p_value double,
  status varchar
) WITH (
  external_location = '${EXPORTS}/market_event_impact',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.graph_summary (
  site varchar,
  relation varchar,
  nodes bigint,
  edges bigint,
  self_loops_dropped bigint,
  duplicate_listings_merged bigint,
  density double,
  avg_degree double,
  components bigint,
  largest_component_nodes bigint,
  largest_component_share double,
  triangles bigint,
  connected_triples bigint,
  transitivity double,
  avg_clustering double,
  degree_p50 double,
  degree_p90 double,
  degree_p99 double,
  degree_max bigint,
  dunbar_threshold integer,
  dunbar_share double
) WITH (
  external_location = '${EXPORTS}/graph_summary',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.org_density (
  site varchar,
  org varchar,
  segment varchar,
  members bigint,
  inside_edges bigint,
  density double,
  inside_edge_share double,
  avg_inside_degree double
) WITH (
  external_location = '${EXPORTS}/org_density',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.user_graph_metrics (
  user_key varchar,
  degree bigint,
  triangles bigint,
  local_clustering double,
  component_id varchar,
  component_size bigint,
  pagerank double,
  dunbar_band varchar,
  site varchar
) WITH (
  external_location = '${EXPORTS}/user_graph_metrics',
  format = 'PARQUET',
  partitioned_by = ARRAY['site']
);
CALL hive.system.sync_partition_metadata('marketlens', 'user_graph_metrics', 'FULL');

CREATE TABLE IF NOT EXISTS hive.marketlens.cohort_graph_growth (
  site varchar,
  month date,
  new_nodes bigint,
  nodes bigint,
  new_edges bigint,
  edges bigint,
  avg_degree double,
  components bigint,
  largest_component_nodes bigint,
  largest_component_share double
) WITH (
  external_location = '${EXPORTS}/cohort_graph_growth',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.price_index_monthly (
  region varchar,
  vendor varchar,
  month date,
  unit varchar,
  median_effective_price decimal(30,14),
  min_effective_price decimal(30,14),
  observations bigint,
  price_change_3m decimal(20,12),
  price_change_12m decimal(20,12),
  price_rank integer,
  product varchar
) WITH (
  external_location = '${EXPORTS}/price_index_monthly',
  format = 'PARQUET',
  partitioned_by = ARRAY['product']
);
CALL hive.system.sync_partition_metadata('marketlens', 'price_index_monthly', 'FULL');

CREATE TABLE IF NOT EXISTS hive.marketlens.unit_economics_monthly (
  region varchar,
  vendor varchar,
  month date,
  effective_price decimal(30,14),
  unit_cost decimal(30,14),
  cost_source varchar,
  cost_month date,
  unit_margin decimal(30,14),
  margin_ratio decimal(20,12),
  loss_ratio decimal(20,12),
  below_cost boolean,
  subsidy_per_unit decimal(30,14),
  product varchar
) WITH (
  external_location = '${EXPORTS}/unit_economics_monthly',
  format = 'PARQUET',
  partitioned_by = ARRAY['product']
);
CALL hive.system.sync_partition_metadata('marketlens', 'unit_economics_monthly', 'FULL');

CREATE TABLE IF NOT EXISTS hive.marketlens.price_war_periods (
  product varchar,
  region varchar,
  start_month date,
  end_month date,
  months integer,
  vendors_below_cost array(varchar),
  price_leader varchar,
  deepest_price_to_cost decimal(20,12),
  total_price_decline decimal(20,12)
) WITH (
  external_location = '${EXPORTS}/price_war_periods',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.vendor_segment_loss (
  vendor varchar,
  segment varchar,
  year integer,
  source varchar,
  complete boolean,
  revenue decimal(24,4),
  cost_of_revenue decimal(24,4),
  gross_profit decimal(24,4),
  gross_margin decimal(20,12),
  loss_ratio decimal(20,12),
  subsidy decimal(24,4),
  segment_share decimal(20,12),
  is_revenue_peak boolean
) WITH (
  external_location = '${EXPORTS}/vendor_segment_loss',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.vendor_exits (
  vendor varchar,
  product varchar,
  last_month date,
  months_absent integer,
  exit_basis varchar,
  exit_event varchar,
  exit_event_date date,
  margin_ratio_at_exit decimal(20,12),
  at_break_even boolean
) WITH (
  external_location = '${EXPORTS}/vendor_exits',
  format = 'PARQUET'
);

CREATE TABLE IF NOT EXISTS hive.marketlens.vendor_survival (
  product varchar,
  vendor varchar,
  price_war_months bigint,
  avg_cost_rank double,
  survived boolean
) WITH (
  external_location = '${EXPORTS}/vendor_survival',
  format = 'PARQUET'
);

-- DuckDB views over the MarketLens Parquet exports. Generated from schemas/ by
-- `bin/marketlens contracts --bi bi` (do not edit). Usage (DuckDB 1.1 or later):
--   SET VARIABLE exports = '/path/to/exports';   -- or 's3://bucket/exports' with httpfs
--   .read bi/duckdb_views.sql
-- Columns keep the contract order; partition folders (site=..., product=...) become columns.

CREATE OR REPLACE VIEW cohort_retention AS
SELECT site, grain, cohort, segment, channel, period_index, period_start, cohort_size, active_users, retention_rate, unbounded_retention_rate, retention_low, retention_high, unbounded_retention_low, unbounded_retention_high, period_complete
FROM read_parquet(getvariable('exports') || '/cohort_retention/**/*.parquet', hive_partitioning = true);

CREATE OR REPLACE VIEW growth_accounting AS
SELECT site, month, mau, new_users, retained_users, resurrected_users, churned_users, previous_mau, quick_ratio, mau_growth
FROM read_parquet(getvariable('exports') || '/growth_accounting/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW channel_growth AS
SELECT site, channel, month, new_users, new_user_share, month3_retention
FROM read_parquet(getvariable('exports') || '/channel_growth/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW growth_model_fits AS
SELECT site, series, model, converged, chosen, parameters, standard_errors, ceiling, ceiling_se, inflection_on, rss, rmse, aic, points
FROM read_parquet(getvariable('exports') || '/growth_model_fits/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW growth_ceilings AS
SELECT site, series, model, status, ceiling_identified, ceiling, ceiling_lower, ceiling_upper, inflection_on, ceiling_reached_on, threshold_crossings, peak_value, peak_on, last_observed_on, last_value, points, growth_break_on, preceding_event_on, preceding_event_actor, preceding_event, preceding_event_days_before, first_identified_on, identified_lead_days, inflection_month_ceiling
FROM read_parquet(getvariable('exports') || '/growth_ceilings/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW growth_ceiling_backtest AS
SELECT site, series, cutoff, points, model, status, ceiling_identified, ceiling, ceiling_lower, ceiling_upper, inflection_on, final
FROM read_parquet(getvariable('exports') || '/growth_ceiling_backtest/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW growth_changepoints AS
SELECT site, series, change_on, rate_before, rate_after, rate_change
FROM read_parquet(getvariable('exports') || '/growth_changepoints/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW market_event_impact AS
SELECT site, series, event_on, event_actor, event, market_wide, window_days, points_before, points_after, slope_before, slope_after, slope_change, placebo_dates, p_value, status
FROM read_parquet(getvariable('exports') || '/market_event_impact/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW graph_summary AS
SELECT site, relation, nodes, edges, self_loops_dropped, duplicate_listings_merged, density, avg_degree, components, largest_component_nodes, largest_component_share, triangles, connected_triples, transitivity, avg_clustering, degree_p50, degree_p90, degree_p99, degree_max, dunbar_threshold, dunbar_share
FROM read_parquet(getvariable('exports') || '/graph_summary/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW org_density AS
SELECT site, org, segment, members, inside_edges, density, inside_edge_share, avg_inside_degree
FROM read_parquet(getvariable('exports') || '/org_density/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW user_graph_metrics AS
SELECT site, user_key, degree, triangles, local_clustering, component_id, component_size, pagerank, dunbar_band
FROM read_parquet(getvariable('exports') || '/user_graph_metrics/**/*.parquet', hive_partitioning = true);

CREATE OR REPLACE VIEW cohort_graph_growth AS
SELECT site, month, new_nodes, nodes, new_edges, edges, avg_degree, components, largest_component_nodes, largest_component_share
FROM read_parquet(getvariable('exports') || '/cohort_graph_growth/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW price_index_monthly AS
SELECT product, region, vendor, month, unit, median_effective_price, min_effective_price, observations, price_change_3m, price_change_12m, price_rank
FROM read_parquet(getvariable('exports') || '/price_index_monthly/**/*.parquet', hive_partitioning = true);

CREATE OR REPLACE VIEW unit_economics_monthly AS
SELECT product, region, vendor, month, effective_price, unit_cost, cost_source, cost_month, unit_margin, margin_ratio, loss_ratio, below_cost, subsidy_per_unit
FROM read_parquet(getvariable('exports') || '/unit_economics_monthly/**/*.parquet', hive_partitioning = true);

CREATE OR REPLACE VIEW price_war_periods AS
SELECT product, region, start_month, end_month, months, vendors_below_cost, price_leader, deepest_price_to_cost, total_price_decline
FROM read_parquet(getvariable('exports') || '/price_war_periods/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW vendor_segment_loss AS
SELECT vendor, segment, year, source, complete, revenue, cost_of_revenue, gross_profit, gross_margin, loss_ratio, subsidy, segment_share, is_revenue_peak
FROM read_parquet(getvariable('exports') || '/vendor_segment_loss/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW vendor_exits AS
SELECT vendor, product, last_month, months_absent, exit_basis, exit_event, exit_event_date, margin_ratio_at_exit, at_break_even
FROM read_parquet(getvariable('exports') || '/vendor_exits/**/*.parquet', hive_partitioning = false);

CREATE OR REPLACE VIEW vendor_survival AS
SELECT product, vendor, price_war_months, avg_cost_rank, survived
FROM read_parquet(getvariable('exports') || '/vendor_survival/**/*.parquet', hive_partitioning = false);

package com.marketlens.schema;

import java.util.List;
import java.util.stream.Stream;

/** The gold tables, each with a contract in schemas/gold/ and a definition in docs/metrics.md. */
public final class GoldTables {

  public static final String PRICE_INDEX_MONTHLY = "price_index_monthly";
  public static final String UNIT_ECONOMICS_MONTHLY = "unit_economics_monthly";
  public static final String PRICE_WAR_PERIODS = "price_war_periods";
  public static final String VENDOR_SEGMENT_LOSS = "vendor_segment_loss";
  public static final String VENDOR_EXITS = "vendor_exits";
  public static final String VENDOR_SURVIVAL = "vendor_survival";

  /** The price-war tables, in the order they are built. */
  public static final List<String> PRICE_WAR =
      List.of(
          PRICE_INDEX_MONTHLY,
          UNIT_ECONOMICS_MONTHLY,
          PRICE_WAR_PERIODS,
          VENDOR_SEGMENT_LOSS,
          VENDOR_EXITS,
          VENDOR_SURVIVAL);

  public static final String COHORT_RETENTION = "cohort_retention";
  public static final String GROWTH_ACCOUNTING = "growth_accounting";
  public static final String CHANNEL_GROWTH = "channel_growth";
  public static final String GROWTH_MODEL_FITS = "growth_model_fits";
  public static final String GROWTH_CEILINGS = "growth_ceilings";
  public static final String GROWTH_CHANGEPOINTS = "growth_changepoints";
  public static final String GROWTH_CEILING_BACKTEST = "growth_ceiling_backtest";
  public static final String MARKET_EVENT_IMPACT = "market_event_impact";

  /** The SNS growth tables, in the order they are built. */
  public static final List<String> GROWTH =
      List.of(
          COHORT_RETENTION,
          GROWTH_ACCOUNTING,
          CHANNEL_GROWTH,
          GROWTH_MODEL_FITS,
          GROWTH_CEILINGS,
          GROWTH_CEILING_BACKTEST,
          GROWTH_CHANGEPOINTS,
          MARKET_EVENT_IMPACT);

  public static final String GRAPH_SUMMARY = "graph_summary";
  public static final String ORG_DENSITY = "org_density";
  public static final String USER_GRAPH_METRICS = "user_graph_metrics";
  public static final String COHORT_GRAPH_GROWTH = "cohort_graph_growth";

  /** The social-graph tables, in the order they are built. */
  public static final List<String> GRAPH =
      List.of(GRAPH_SUMMARY, ORG_DENSITY, USER_GRAPH_METRICS, COHORT_GRAPH_GROWTH);

  public static final List<String> ALL =
      Stream.of(GROWTH, GRAPH, PRICE_WAR).flatMap(List::stream).toList();

  private GoldTables() {}
}

package com.marketlens.config;

import java.util.Set;

/**
 * Configuration keys and their defaults, in one place. Precedence: command-line option >
 * environment variable > {@code --conf} file > the default here. Keys under {@code spark.} in the
 * file go to Spark.
 */
public final class ConfKeys {

  /** Input folder with one sub-folder per dataset. */
  public static final String INPUT = "marketlens.input";

  public static final String INPUT_DEFAULT = "data/sample";

  /** Root of the Delta warehouse: bronze/, silver/, quality/ below it (local path or s3a://). */
  public static final String WAREHOUSE = "marketlens.warehouse";

  public static final String WAREHOUSE_DEFAULT = "warehouse";

  /** Root of the Parquet exports for BI tools: one folder per gold table (local path or s3a://). */
  public static final String EXPORTS = "marketlens.exports";

  public static final String EXPORTS_DEFAULT = "exports";

  /** Folder with the contract files; empty means the copy packaged in the application jar. */
  public static final String SCHEMAS = "marketlens.schemas";

  public static final String SCHEMAS_DEFAULT = "";

  /**
   * Pseudonymization salt. Prefer the environment variable named by {@link #SALT_ENV}. Never
   * logged.
   */
  public static final String SALT = "marketlens.privacy.salt";

  /** Name of the environment variable that holds the salt. */
  public static final String SALT_ENV = "marketlens.privacy.salt-env";

  public static final String SALT_ENV_DEFAULT = "MARKETLENS_SALT";

  /** When true (cluster configuration) a run without a configured salt is refused. */
  public static final String REQUIRE_SALT = "marketlens.privacy.require-salt";

  public static final String REQUIRE_SALT_DEFAULT = "false";

  /** A refine stage fails when more than this share of a dataset's rows is quarantined. */
  public static final String MAX_QUARANTINE_SHARE = "marketlens.quality.max-quarantine-share";

  public static final String MAX_QUARANTINE_SHARE_DEFAULT = "0.25";

  /**
   * A month is a price-war month when the market median price fell by more than this share in 3
   * months.
   */
  public static final String PRICE_DROP_SHARE = "marketlens.pricewar.drop-share";

  public static final String PRICE_DROP_SHARE_DEFAULT = "0.15";

  /** A vendor has left a product when none of its prices was observed for this many months. */
  public static final String EXIT_MONTHS = "marketlens.pricewar.exit-months";

  public static final String EXIT_MONTHS_DEFAULT = "6";

  /** A margin ratio within plus or minus this band counts as break-even. */
  public static final String BREAK_EVEN_BAND = "marketlens.pricewar.break-even-band";

  public static final String BREAK_EVEN_BAND_DEFAULT = "0.05";

  /**
   * Degree from which a user counts as reaching the "150 rule" (Dunbar's number) in graph_summary.
   */
  public static final String DUNBAR_THRESHOLD = "marketlens.graph.dunbar-threshold";

  public static final String DUNBAR_THRESHOLD_DEFAULT = "150";

  /** Ascending degree edges of user_graph_metrics.dunbar_band: 50,150 gives <50, 50-149, >=150. */
  public static final String DEGREE_BANDS = "marketlens.graph.degree-bands";

  public static final String DEGREE_BANDS_DEFAULT = "50,150";

  /**
   * PageRank runs until no rank changes by more than this (GraphX's un-normalised ranks, about 1
   * per user).
   */
  public static final String PAGERANK_TOLERANCE = "marketlens.graph.pagerank-tolerance";

  public static final String PAGERANK_TOLERANCE_DEFAULT = "0.0001";

  /** Event types that make a user active in a period (cohorts, growth accounting). */
  public static final String ACTIVE_EVENTS = "marketlens.growth.active-events";

  public static final String ACTIVE_EVENTS_DEFAULT = "login,post,feed_view,game";

  /** month or week: the period of cohort_retention (the --grain option). */
  public static final String COHORT_GRAIN = "marketlens.growth.cohort-grain";

  public static final String COHORT_GRAIN_DEFAULT = "month";

  /** series:value pairs; growth_ceilings reports the first date each series reaches each value. */
  public static final String THRESHOLDS = "marketlens.growth.thresholds";

  public static final String THRESHOLDS_DEFAULT = "daily_ip:10000000";

  /** A ceiling counts as reached when the series stays at 95% of K for this many days. */
  public static final String CEILING_HOLD_DAYS = "marketlens.growth.ceiling-hold-days";

  public static final String CEILING_HOLD_DAYS_DEFAULT = "60";

  /** Bootstrap refits behind the ceiling's 90% interval. */
  public static final String BOOTSTRAP_SAMPLES = "marketlens.growth.bootstrap-samples";

  public static final String BOOTSTRAP_SAMPLES_DEFAULT = "200";

  /** How many days before a growth break a market event may be to count as the preceding event. */
  public static final String EVENT_WINDOW_DAYS = "marketlens.growth.event-window-days";

  public static final String EVENT_WINDOW_DAYS_DEFAULT = "120";

  /**
   * How many independent datasets or gold jobs run at the same time in one stage (Spark jobs from
   * several driver threads share the executors; on small data this keeps both the driver and the
   * executors busy).
   */
  public static final String PARALLEL_JOBS = "marketlens.parallel-jobs";

  public static final String PARALLEL_JOBS_DEFAULT = "3";

  /**
   * Silver tables the {@code optimize} command compacts and clusters, with their Z-order columns:
   * {@code dataset:col,col;dataset:col}. Date-range queries then skip the files outside the range.
   */
  public static final String ZORDER_BY = "marketlens.optimize.zorder-by";

  public static final String ZORDER_BY_DEFAULT =
      "sns_activity:site,event_time;sns_relations:site,created_at";

  /**
   * Target size of the files OPTIMIZE writes, in MB (smaller files: finer data skipping, more
   * files).
   */
  public static final String TARGET_FILE_MB = "marketlens.optimize.target-file-mb";

  public static final String TARGET_FILE_MB_DEFAULT = "128";

  public static final Set<String> ALL =
      Set.of(
          INPUT,
          WAREHOUSE,
          EXPORTS,
          SCHEMAS,
          SALT,
          SALT_ENV,
          REQUIRE_SALT,
          MAX_QUARANTINE_SHARE,
          PRICE_DROP_SHARE,
          EXIT_MONTHS,
          BREAK_EVEN_BAND,
          DUNBAR_THRESHOLD,
          DEGREE_BANDS,
          PAGERANK_TOLERANCE,
          ACTIVE_EVENTS,
          COHORT_GRAIN,
          THRESHOLDS,
          CEILING_HOLD_DAYS,
          BOOTSTRAP_SAMPLES,
          EVENT_WINDOW_DAYS,
          PARALLEL_JOBS,
          ZORDER_BY,
          TARGET_FILE_MB);

  /** Values of keys that contain one of these words are masked when the configuration is logged. */
  public static final Set<String> SECRET_WORDS =
      Set.of("salt", "secret", "password", "credential", "access.key", "token");

  private ConfKeys() {}
}

package com.marketlens.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every {@code marketlens.*} setting, each declared once: key, default, parser with its check, and
 * the line docs/configuration.md shows (rendered from here by {@link ConfigurationDocs}; a test
 * fails on drift). {@link PipelineConf} resolves them once per run: command-line option >
 * environment variable > {@code --conf} file > the default here. Keys under {@code spark.} go to
 * Spark.
 */
public final class Settings {

  private static final List<Setting<?>> DECLARED = new ArrayList<>();

  public static final Setting<String> INPUT =
      define(
          "marketlens.input",
          "data/sample",
          Settings::location,
          "a folder or URI",
          "input folder, one sub-folder per dataset (local path or `s3a://`)");

  public static final Setting<String> WAREHOUSE =
      define(
          "marketlens.warehouse",
          "warehouse",
          Settings::location,
          "a folder or URI",
          "Delta warehouse root: `bronze/`, `silver/`, `gold/`, `audit/` below it");

  public static final Setting<String> EXPORTS =
      define(
          "marketlens.exports",
          "exports",
          Settings::location,
          "a folder or URI",
          "root of the Parquet exports for BI tools, one folder per gold table (local path or `s3a://`)");

  public static final Setting<String> SCHEMAS =
      define(
          "marketlens.schemas",
          "",
          text -> text,
          "a folder",
          "folder with the contract files (empty: the copy in the jar)");

  /** Prefer the environment variable named by {@link #SALT_ENV}; never logged, never an option. */
  public static final Setting<String> SALT =
      define(
          "marketlens.privacy.salt",
          null,
          text -> text,
          "a secret of at least 16 characters",
          "pseudonymization salt; prefer the environment variable");

  public static final Setting<String> SALT_ENV =
      define(
          "marketlens.privacy.salt-env",
          "MARKETLENS_SALT",
          text -> text,
          "an environment variable name",
          "name of the environment variable holding the salt");

  public static final Setting<Boolean> REQUIRE_SALT =
      define(
          "marketlens.privacy.require-salt",
          "false",
          Settings::bool,
          "true or false",
          "refuse to run without a configured salt (`true` in `conf/cluster.properties`)");

  public static final Setting<Double> MAX_QUARANTINE_SHARE =
      define(
          "marketlens.quality.max-quarantine-share",
          "0.25",
          Settings::share,
          "a share between 0 and 1, e.g. 0.25",
          "a dataset with a larger quarantined share fails its refine");

  public static final Setting<Double> PRICE_DROP_SHARE =
      define(
          "marketlens.pricewar.drop-share",
          "0.15",
          Settings::share,
          "a share between 0 and 1, e.g. 0.25",
          "a market median more than this share below the one three months earlier marks a price-war"
              + " month");

  public static final Setting<Integer> EXIT_MONTHS =
      define(
          "marketlens.pricewar.exit-months",
          "6",
          text -> bounded(text, "[1-9][0-9]{0,2}"),
          "a whole number of months from 1 to 999",
          "months without any price after which a vendor has left a product");

  public static final Setting<Double> BREAK_EVEN_BAND =
      define(
          "marketlens.pricewar.break-even-band",
          "0.05",
          Settings::share,
          "a share between 0 and 1, e.g. 0.25",
          "an exit with a margin ratio within plus or minus this band is at break-even");

  public static final Setting<List<String>> ACTIVE_EVENTS =
      define(
          "marketlens.growth.active-events",
          "login,post,feed_view,game",
          text -> List.of(matching(text, "[a-z_]+(,[a-z_]+)*").split(",")),
          "event types separated by commas, e.g. login,post,feed_view,game",
          "event types that make a user active (cohorts, growth accounting)");

  public static final Setting<String> COHORT_GRAIN =
      define(
          "marketlens.growth.cohort-grain",
          "month",
          text -> matching(text, "month|week"),
          "month or week",
          "`month` or `week` cohorts in `cohort_retention` (also `--grain`)");

  public static final Setting<Map<String, List<Long>>> THRESHOLDS =
      define(
          "marketlens.growth.thresholds",
          "daily_ip:10000000",
          Settings::thresholds,
          "series:value pairs separated by commas, series one of daily_ip, mau, registered_users, e.g."
              + " daily_ip:10000000",
          "`series:value` pairs (series `daily_ip`, `mau`, `registered_users`) whose first crossing"
              + " `growth_ceilings` reports");

  public static final Setting<Integer> CEILING_HOLD_DAYS =
      define(
          "marketlens.growth.ceiling-hold-days",
          "60",
          Settings::positiveInt,
          "a whole number of days, e.g. 60",
          "a ceiling is reached when the smoothed series stays at 95% of K this long");

  public static final Setting<Integer> BOOTSTRAP_SAMPLES =
      define(
          "marketlens.growth.bootstrap-samples",
          "200",
          Settings::positiveInt,
          "a whole number of refits, e.g. 200",
          "bootstrap refits behind the ceiling's 90% interval");

  public static final Setting<Integer> EVENT_WINDOW_DAYS =
      define(
          "marketlens.growth.event-window-days",
          "120",
          Settings::positiveInt,
          "a whole number of days, e.g. 120",
          "how long before a growth break a market event may be to count as the preceding event");

  public static final Setting<Integer> IMPACT_WINDOW_DAYS =
      define(
          "marketlens.growth.impact-window-days",
          "120",
          Settings::positiveInt,
          "a whole number of days, e.g. 120",
          "days before and after a market event over which `market_event_impact` measures the growth"
              + " rate");

  public static final Setting<Integer> DUNBAR_THRESHOLD =
      define(
          "marketlens.graph.dunbar-threshold",
          "150",
          Settings::positiveInt,
          "a whole number of friends, e.g. 150",
          "degree from which a user counts in `graph_summary.dunbar_share`");

  public static final Setting<List<Integer>> DEGREE_BANDS =
      define(
          "marketlens.graph.degree-bands",
          "50,150",
          Settings::ascendingInts,
          "ascending whole numbers separated by commas, e.g. 50,150",
          "ascending band edges for `user_graph_metrics.dunbar_band` (`<50`, `50-149`, `>=150`)");

  public static final Setting<Double> PAGERANK_TOLERANCE =
      define(
          "marketlens.graph.pagerank-tolerance",
          "0.0001",
          text -> open(Double.parseDouble(text)),
          "a number between 0 and 1, e.g. 0.0001",
          "PageRank stops when no (un-normalised) rank moves more than this");

  public static final Setting<Integer> MIN_COHORT_SIZE =
      define(
          "marketlens.report.min-cohort-size",
          "20",
          Settings::positiveInt,
          "a whole number of users, e.g. 20",
          "cohorts smaller than this are greyed out in the report's retention charts instead of"
              + " showing rates of a handful of users");

  public static final Setting<Map<String, List<String>>> ZORDER_BY =
      define(
          "marketlens.optimize.zorder-by",
          "sns_activity:site,event_time;sns_relations:site,created_at",
          Settings::zorderBy,
          "dataset:column,column pairs separated by semicolons, e.g. sns_activity:site,event_time",
          "silver tables the `optimize` command compacts and Z-orders, with their columns");

  public static final Setting<Integer> TARGET_FILE_MB =
      define(
          "marketlens.optimize.target-file-mb",
          "128",
          Settings::positiveInt,
          "a whole number of megabytes, e.g. 128",
          "target size of the files `optimize` writes");

  public static final Setting<Boolean> FULL_REFRESH =
      define(
          "marketlens.full-refresh",
          "false",
          Settings::bool,
          "true or false",
          "refine every dataset from all its bronze rows scraped up to the run date (also"
              + " `--full-refresh`) instead of only the rows ingested since its last refine, and"
              + " rebuild every gold table even when its inputs did not change");

  public static final Setting<Integer> PARALLEL_JOBS =
      define(
          "marketlens.parallel-jobs",
          "3",
          Settings::positiveInt,
          "a whole number of concurrent jobs, e.g. 3 (1 runs them one by one)",
          "datasets (ingest, refine) or gold jobs run at once from driver threads; `1` runs them one by"
              + " one");

  /** Every setting, in declaration order. */
  public static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

  /** Values of keys that contain one of these words are masked when the configuration is logged. */
  public static final Set<String> SECRET_WORDS =
      Set.of("salt", "secret", "password", "credential", "access.key", "token");

  private Settings() {}

  private static <T> Setting<T> define(
      String key, String defaultValue, Function<String, T> parser, String expected, String doc) {
    Setting<T> setting = new Setting<>(key, defaultValue, parser, expected, doc);
    DECLARED.add(setting);
    return setting;
  }

  /** The setting with this key, or null. */
  public static Setting<?> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElse(null);
  }

  /**
   * Local paths become absolute (Delta needs that for path-based tables); URIs such as s3a:// stay.
   */
  static String location(String location) {
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return location;
    }
    return Path.of(location.startsWith("file:") ? location.substring(5) : location)
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  private static String matching(String text, String regex) {
    if (!text.matches(regex)) {
      throw new IllegalArgumentException(text);
    }
    return text;
  }

  private static int bounded(String text, String regex) {
    return Integer.parseInt(matching(text, regex));
  }

  private static int positiveInt(String text) {
    return bounded(text, "[1-9][0-9]{0,5}");
  }

  private static boolean bool(String text) {
    return Boolean.parseBoolean(matching(text, "true|false"));
  }

  private static double share(String text) {
    double d = Double.parseDouble(text);
    if (!(d >= 0 && d <= 1)) {
      throw new IllegalArgumentException(text);
    }
    return d;
  }

  private static double open(double d) {
    if (!(d > 0 && d < 1)) {
      throw new IllegalArgumentException(String.valueOf(d));
    }
    return d;
  }

  /** Ascending positive whole numbers separated by commas (one for a single value). */
  private static List<Integer> ascendingInts(String text) {
    List<Integer> out = new ArrayList<>();
    int previous = 0;
    for (String part : text.split(",", -1)) {
      int value = positiveInt(part.strip());
      if (value <= previous) {
        throw new IllegalArgumentException(text);
      }
      out.add(value);
      previous = value;
    }
    return List.copyOf(out);
  }

  /** Thresholds per series name, in the configured order. */
  private static Map<String, List<Long>> thresholds(String text) {
    matching(
        text,
        "((daily_ip|mau|registered_users):[1-9][0-9]{0,17}"
            + "(,(daily_ip|mau|registered_users):[1-9][0-9]{0,17})*)?");
    Map<String, List<Long>> out = new TreeMap<>();
    for (String pair : text.isEmpty() ? new String[0] : text.split(",")) {
      String[] kv = pair.split(":");
      out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1]));
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Z-order columns per silver dataset, in the configured order (names are checked by optimize).
   */
  private static Map<String, List<String>> zorderBy(String text) {
    matching(text, "([a-z_]+:[a-z_]+(,[a-z_]+)*(;[a-z_]+:[a-z_]+(,[a-z_]+)*)*)?");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String entry : text.isEmpty() ? new String[0] : text.split(";")) {
      String[] kv = entry.split(":");
      out.put(kv[0], List.of(kv[1].split(",")));
    }
    return Collections.unmodifiableMap(out);
  }
}

package com.marketlens.report;

import com.marketlens.error.Errors;
import com.marketlens.gold.growth.GrowthCurves;
import com.marketlens.gold.growth.SaturationModel;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the report shows, read from the warehouse: small aggregates (a few thousand points a chart),
 * collected to the driver as plain records; nothing row-level is.
 */
final class ReportData {

  /** Periods shown in the retention heatmap. */
  static final int MAX_PERIOD = 12;

  /** Quarantine reasons listed per dataset in the overview. */
  static final int TOP_REASONS = 3;

  /** The gold tables the charts are drawn from. */
  static final List<String> TABLES =
      List.of(
          GoldTables.COHORT_RETENTION,
          GoldTables.GROWTH_ACCOUNTING,
          GoldTables.VENDOR_EXITS,
          GoldTables.GROWTH_CEILINGS,
          GoldTables.GROWTH_CEILING_BACKTEST,
          GoldTables.GROWTH_MODEL_FITS,
          GoldTables.MARKET_EVENT_IMPACT,
          GoldTables.UNIT_ECONOMICS_MONTHLY,
          GoldTables.PRICE_WAR_PERIODS,
          GoldTables.VENDOR_SEGMENT_LOSS);

  /**
   * One heatmap cell: the cohort's label (month and size), months since signup, the rate, its 95%
   * interval, whether the cohort is big enough to show and whether the period had ended.
   */
  record RetentionCell(
      String cohort,
      long size,
      int period,
      double rate,
      double low,
      double high,
      boolean shown,
      boolean complete) {}

  /** The ceiling analysis of a site's daily IPs at one cutoff. */
  record BacktestPoint(
      LocalDate cutoff, Double k, Double lower, Double upper, boolean identified) {}

  /** The final ceiling of a site's daily IPs and when it was first identified (nulls if never). */
  record BacktestSummary(Double finalK, LocalDate firstIdentifiedOn, Integer leadDays) {}

  /** A row of market_event_impact. */
  record Impact(
      String site,
      String series,
      LocalDate on,
      String event,
      Double slopeBefore,
      Double slopeAfter,
      Double slopeChange,
      Double pValue,
      String status) {}

  /** The weekly mean of a site's daily login IPs. */
  record WeeklyTraffic(Instant week, double dailyIps) {}

  /** A site's daily-IP ceiling with the chosen model's parameters. */
  record Ceiling(
      double k,
      double lower,
      double upper,
      boolean identified,
      List<Double> thresholds,
      SaturationModel model,
      Map<String, Double> parameters) {}

  record Event(LocalDate date, String name) {}

  /** One vendor's median effective price in a month, and its unit cost (null when none). */
  record PricePoint(String vendor, LocalDate month, double price, Double cost) {}

  record PriceWar(LocalDate start, LocalDate end) {}

  /** A vendor segment's loss ratio in a year (0 when it made no loss or reported no revenue). */
  record LossRatio(String segment, int year, double ratio) {}

  /** A vendor segment's year: its loss ratio (null without revenue) and whether revenue peaked. */
  record SegmentYear(
      String vendor, String segment, int year, Double lossRatio, boolean revenuePeak) {}

  /** A dataset's rows now: in silver and in the quarantine, with the most frequent reasons. */
  record DatasetRows(
      String dataset, long silverRows, long quarantined, Map<String, Long> reasons) {}

  /** A stage of the latest run: how many datasets or tables it handled, how, and how long. */
  record StageTime(
      String stage, long items, long succeeded, long skipped, long rowsRead, double seconds) {}

  /** The latest run recorded in the audit table (null id when the warehouse has none). */
  record LatestRun(String runId, LocalDate runDate, List<StageTime> stages) {}

  /** A month of growth_accounting. */
  record Accounting(
      LocalDate month,
      long mau,
      long newUsers,
      long retained,
      long resurrected,
      long churned,
      Double quickRatio) {}

  /** One point of a growth series (its value as the fits saw it). */
  record SeriesPoint(LocalDate date, double value) {}

  /**
   * A growth series of a site with its analysis (growth_ceilings and the chosen fit of
   * growth_model_fits): the model is null when none was fitted.
   */
  record GrowthSeries(
      String series,
      List<SeriesPoint> points,
      String status,
      SaturationModel model,
      Map<String, Double> parameters,
      boolean identified,
      Double k,
      Double lower,
      Double upper,
      Map<String, LocalDate> crossings,
      LocalDate inflectionOn,
      LocalDate reachedOn,
      LocalDate breakOn) {}

  /** A price war of a product in a region and the vendors that priced below cost in it. */
  record War(
      String product, String region, LocalDate start, LocalDate end, List<String> belowCost) {}

  /** A vendor's exit from a product (vendor_exits). */
  record Exit(
      String vendor,
      String product,
      LocalDate lastMonth,
      String basis,
      String event,
      boolean atBreakEven) {}

  /** A vendor's effective price and unit cost in a product, region and month. */
  record VendorMonth(
      String product,
      String region,
      String vendor,
      LocalDate month,
      double price,
      Double cost,
      boolean belowCost) {}

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final Contracts contracts;
  private Map<String, String> emptyTables;

  ReportData(SparkSession spark, Warehouse warehouse, Contracts contracts) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.contracts = contracts;
  }

  /** Fails, before anything is drawn, when a table the report reads was never built. */
  void requireTables() {
    for (String table : TABLES) {
      if (!DeltaTables.exists(spark, warehouse.gold(table))) {
        throw Errors.missingUpstream(
            warehouse.gold(table), "the report is drawn from the gold tables");
      }
    }
  }

  /**
   * The report's tables that have no rows, with why (the audit row of their gold run, if any).
   * Looked up once: both formats of a run ask.
   */
  Map<String, String> emptyTables() {
    if (emptyTables == null) {
      emptyTables = Collections.unmodifiableMap(findEmptyTables());
    }
    return emptyTables;
  }

  private Map<String, String> findEmptyTables() {
    Map<String, String> reasons = AuditLog.skippedReasons(spark, warehouse, "gold");
    Map<String, String> empty = new TreeMap<>();
    for (String table : TABLES) {
      if (gold("SELECT 1 FROM %s LIMIT 1", table).isEmpty()) {
        empty.put(table, reasons.getOrDefault(table, "the gold table has no rows"));
      }
    }
    return empty;
  }

  List<String> retentionSites() {
    return strings("SELECT DISTINCT site FROM %s ORDER BY site", GoldTables.COHORT_RETENTION);
  }

  List<String> growthSites() {
    return strings(
        "SELECT DISTINCT site FROM %s WHERE series = 'daily_ip' ORDER BY site",
        GoldTables.GROWTH_CEILINGS);
  }

  /**
   * Monthly cohorts of all segments and channels, their first {@link #MAX_PERIOD} months; cohorts
   * of fewer than {@code minCohortSize} users are marked not shown.
   */
  List<RetentionCell> retention(String site, int minCohortSize) {
    return gold(
            "SELECT concat(substr(CAST(cohort AS STRING), 1, 7), ' (n=', cohort_size, ')'),"
                + " cohort_size, period_index, retention_rate, retention_low, retention_high,"
                + " cohort_size >= %2$d, period_complete FROM %1$s WHERE site = '%3$s'"
                + " AND grain = 'month' AND segment = 'all' AND channel = 'all'"
                + " AND period_index <= %4$d ORDER BY cohort, period_index",
            GoldTables.COHORT_RETENTION, minCohortSize, site, MAX_PERIOD)
        .stream()
        .map(
            r ->
                new RetentionCell(
                    r.getString(0),
                    r.getLong(1),
                    r.getInt(2),
                    r.getDouble(3),
                    r.getDouble(4),
                    r.getDouble(5),
                    r.getBoolean(6),
                    r.getBoolean(7)))
        .toList();
  }

  /** The backtest of a site's daily IPs, cutoff by cutoff. */
  List<BacktestPoint> backtest(String site) {
    return gold(
            "SELECT cutoff, ceiling, ceiling_lower, ceiling_upper, ceiling_identified FROM %s"
                + " WHERE site = '%s' AND series = 'daily_ip' ORDER BY cutoff",
            GoldTables.GROWTH_CEILING_BACKTEST, site)
        .stream()
        .map(
            r ->
                new BacktestPoint(
                    r.getAs(0),
                    (Double) r.get(1),
                    (Double) r.get(2),
                    (Double) r.get(3),
                    r.getBoolean(4)))
        .toList();
  }

  Optional<BacktestSummary> backtestSummary(String site) {
    return gold(
            "SELECT ceiling, first_identified_on, identified_lead_days FROM %s"
                + " WHERE site = '%s' AND series = 'daily_ip'",
            GoldTables.GROWTH_CEILINGS, site)
        .stream()
        .findFirst()
        .map(r -> new BacktestSummary((Double) r.get(0), r.getAs(1), (Integer) r.get(2)));
  }

  /** Every measured market event, by site and date. */
  List<Impact> impacts() {
    return gold(
            "SELECT site, series, event_on, event, slope_before, slope_after, slope_change,"
                + " p_value, status FROM %s ORDER BY site, event_on, event",
            GoldTables.MARKET_EVENT_IMPACT)
        .stream()
        .map(
            r ->
                new Impact(
                    r.getString(0),
                    r.getString(1),
                    r.getAs(2),
                    r.getString(3),
                    (Double) r.get(4),
                    (Double) r.get(5),
                    (Double) r.get(6),
                    (Double) r.get(7),
                    r.getString(8)))
        .toList();
  }

  List<WeeklyTraffic> weeklyTraffic(String site) {
    return silver(
            "SELECT date_trunc('week', date) AS w, avg(daily_ip) FROM %s WHERE site = '%s'"
                + " GROUP BY 1 ORDER BY 1",
            Datasets.SITE_TRAFFIC, site)
        .stream()
        .map(r -> new WeeklyTraffic((Instant) r.get(0), r.getDouble(1)))
        .toList();
  }

  /** The first day of a site's traffic series: the fits count their time from it. */
  LocalDate firstTrafficDay(String site) {
    return silver("SELECT min(date) FROM %s WHERE site = '%s'", Datasets.SITE_TRAFFIC, site)
        .get(0)
        .getAs(0);
  }

  Optional<Ceiling> ceiling(String site) {
    List<Row> rows =
        gold(
            "SELECT c.ceiling, c.ceiling_lower, c.ceiling_upper, c.threshold_crossings, f.model,"
                + " f.parameters, c.ceiling_identified FROM %1$s c JOIN %2$s f"
                + " ON c.site = f.site AND c.series = f.series AND f.chosen"
                + " WHERE c.site = '%3$s' AND c.series = 'daily_ip'",
            GoldTables.GROWTH_CEILINGS, view(warehouse.gold(GoldTables.GROWTH_MODEL_FITS)), site);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Row c = rows.get(0);
    List<Double> thresholds = new ArrayList<>();
    scala.collection.Map<String, LocalDate> crossings = c.getMap(3);
    CollectionConverters.asJava(crossings.keySet()).forEach(t -> thresholds.add(Double.valueOf(t)));
    scala.collection.Map<String, Double> parameters = c.getMap(5);
    boolean identified = c.getBoolean(6);
    return Optional.of(
        new Ceiling(
            identified ? c.getDouble(0) : Double.NaN,
            identified ? c.getDouble(1) : Double.NaN,
            identified ? c.getDouble(2) : Double.NaN,
            identified,
            thresholds,
            SaturationModel.of(c.getString(4)),
            CollectionConverters.asJava(parameters)));
  }

  /** The market events of the site or of the whole market. */
  List<Event> events(String site) {
    return silver(
            "SELECT date, event FROM %s WHERE (site = '%s' OR site IS NULL) ORDER BY date",
            Datasets.MARKET_EVENTS, site)
        .stream()
        .map(r -> new Event(r.getAs(0), r.getString(1)))
        .toList();
  }

  List<PricePoint> prices(String product, String region) {
    return gold(
            "SELECT vendor, month, CAST(effective_price AS DOUBLE), CAST(unit_cost AS DOUBLE)"
                + " FROM %s WHERE product = '%s' AND region = '%s' ORDER BY vendor, month",
            GoldTables.UNIT_ECONOMICS_MONTHLY, product, region)
        .stream()
        .map(
            r ->
                new PricePoint(
                    r.getString(0),
                    r.getAs(1),
                    r.getDouble(2),
                    r.isNullAt(3) ? null : r.getDouble(3)))
        .toList();
  }

  List<PriceWar> priceWars(String product, String region) {
    return gold(
            "SELECT start_month, end_month FROM %s WHERE product = '%s' AND region = '%s'",
            GoldTables.PRICE_WAR_PERIODS, product, region)
        .stream()
        .map(r -> new PriceWar(r.getAs(0), r.getAs(1)))
        .toList();
  }

  List<LossRatio> lossRatios() {
    return gold(
            "SELECT concat(vendor, ' ', segment), year, CAST(coalesce(loss_ratio, 0) AS DOUBLE)"
                + " FROM %s ORDER BY 1, 2",
            GoldTables.VENDOR_SEGMENT_LOSS)
        .stream()
        .map(r -> new LossRatio(r.getString(0), r.getInt(1), r.getDouble(2)))
        .toList();
  }

  /** Every dataset with a silver table: its rows, its quarantined rows and their top reasons. */
  List<DatasetRows> datasetRows() {
    Map<String, Map<String, Long>> reasons = new TreeMap<>();
    Map<String, Long> quarantined = new TreeMap<>();
    if (DeltaTables.exists(spark, warehouse.quarantine())) {
      for (Row r :
          query(
              "SELECT dataset, reason, count(*) AS n FROM %s GROUP BY 1, 2"
                  + " ORDER BY dataset, n DESC, reason",
              warehouse.quarantine())) {
        quarantined.merge(r.getString(0), r.getLong(2), Long::sum);
        Map<String, Long> top = reasons.computeIfAbsent(r.getString(0), d -> new LinkedHashMap<>());
        if (top.size() < TOP_REASONS) {
          top.put(r.getString(1), r.getLong(2));
        }
      }
    }
    List<DatasetRows> rows = new ArrayList<>();
    for (String dataset : Datasets.ALL) {
      if (DeltaTables.exists(spark, warehouse.silver(dataset))) {
        rows.add(
            new DatasetRows(
                dataset,
                DeltaTables.read(spark, warehouse.silver(dataset)).count(),
                quarantined.getOrDefault(dataset, 0L),
                reasons.getOrDefault(dataset, Map.of())));
      }
    }
    return rows;
  }

  /** The latest run in the audit table, stage by stage in pipeline order. */
  LatestRun latestRun() {
    if (!DeltaTables.exists(spark, warehouse.pipelineRuns())) {
      return new LatestRun(null, null, List.of());
    }
    List<Row> rows =
        query(
            "SELECT run_id, first(run_date), stage, count(*), count_if(status = 'succeeded'),"
                + " count_if(status = 'skipped'), coalesce(sum(rows_read), 0),"
                + " (unix_millis(max(ended_at)) - unix_millis(min(started_at))) / 1000.0,"
                + " min(started_at) FROM %s WHERE run_id = (SELECT max_by(run_id, ended_at) FROM"
                + " %1$s) GROUP BY run_id, stage ORDER BY min(started_at)",
            warehouse.pipelineRuns());
    if (rows.isEmpty()) {
      return new LatestRun(null, null, List.of());
    }
    List<StageTime> stages =
        rows.stream()
            .map(
                r ->
                    new StageTime(
                        r.getString(2),
                        r.getLong(3),
                        r.getLong(4),
                        r.getLong(5),
                        r.getLong(6),
                        ((Number) r.get(7)).doubleValue()))
            .toList();
    return new LatestRun(rows.get(0).getString(0), rows.get(0).getAs(1), stages);
  }

  List<Accounting> accounting(String site) {
    return gold(
            "SELECT month, mau, new_users, retained_users, resurrected_users, churned_users,"
                + " quick_ratio FROM %s WHERE site = '%s' ORDER BY month",
            GoldTables.GROWTH_ACCOUNTING, site)
        .stream()
        .map(
            r ->
                new Accounting(
                    r.getAs(0),
                    r.getLong(1),
                    r.getLong(2),
                    r.getLong(3),
                    r.getLong(4),
                    r.getLong(5),
                    (Double) r.get(6)))
        .toList();
  }

  /**
   * Every analysed growth series of every site (growth_ceilings' series), with its points as the
   * growth job built them ({@link GrowthCurves#series}) and its chosen fit; by site.
   */
  Map<String, List<GrowthSeries>> growthSeries() {
    Map<String, List<GrowthSeries>> bySite = new TreeMap<>();
    if (gold("SELECT 1 FROM %s LIMIT 1", GoldTables.GROWTH_CEILINGS).isEmpty()) {
      return bySite;
    }
    Dataset<Row> traffic =
        DeltaTables.exists(spark, warehouse.silver(Datasets.SITE_TRAFFIC))
            ? DeltaTables.read(spark, warehouse.silver(Datasets.SITE_TRAFFIC))
            : spark.createDataFrame(
                List.of(), contracts.silver(Datasets.SITE_TRAFFIC).sparkSchema());
    GrowthCurves.series(
            traffic,
            DeltaTables.read(spark, warehouse.gold(GoldTables.GROWTH_ACCOUNTING)),
            DeltaTables.read(spark, warehouse.silver(Datasets.SNS_USERS)))
        .createOrReplaceTempView("report_growth_series");
    Map<String, List<SeriesPoint>> points = new TreeMap<>();
    spark
        .sql(
            "SELECT site, series, date, value FROM report_growth_series WHERE value IS NOT NULL"
                + " AND NOT isnan(value) ORDER BY site, series, date")
        .collectAsList()
        .forEach(
            r ->
                points
                    .computeIfAbsent(r.getString(0) + "/" + r.getString(1), k -> new ArrayList<>())
                    .add(new SeriesPoint(r.getAs(2), r.getDouble(3))));
    for (Row r :
        gold(
            "SELECT c.site, c.series, c.status, f.model, f.parameters, c.ceiling_identified,"
                + " c.ceiling, c.ceiling_lower, c.ceiling_upper, c.threshold_crossings,"
                + " c.inflection_on, c.ceiling_reached_on, c.growth_break_on FROM %1$s c"
                + " LEFT JOIN %2$s f ON c.site = f.site AND c.series = f.series AND f.chosen"
                + " ORDER BY c.site, c.series",
            GoldTables.GROWTH_CEILINGS, view(warehouse.gold(GoldTables.GROWTH_MODEL_FITS)))) {
      Map<String, LocalDate> crossings = new TreeMap<>();
      if (!r.isNullAt(9)) {
        scala.collection.Map<String, LocalDate> m = r.getMap(9);
        crossings.putAll(CollectionConverters.asJava(m));
      }
      scala.collection.Map<String, Double> parameters = r.isNullAt(4) ? null : r.getMap(4);
      bySite
          .computeIfAbsent(r.getString(0), s -> new ArrayList<>())
          .add(
              new GrowthSeries(
                  r.getString(1),
                  points.getOrDefault(r.getString(0) + "/" + r.getString(1), List.of()),
                  r.getString(2),
                  r.isNullAt(3) ? null : SaturationModel.of(r.getString(3)),
                  parameters == null ? Map.of() : CollectionConverters.asJava(parameters),
                  r.getBoolean(5),
                  (Double) r.get(6),
                  (Double) r.get(7),
                  (Double) r.get(8),
                  crossings,
                  r.getAs(10),
                  r.getAs(11),
                  r.getAs(12)));
    }
    return bySite;
  }

  /** Every product, region, vendor and month of unit_economics_monthly. */
  List<VendorMonth> vendorMonths() {
    return gold(
            "SELECT product, region, vendor, month, CAST(effective_price AS DOUBLE),"
                + " CAST(unit_cost AS DOUBLE), coalesce(below_cost, false) FROM %s"
                + " ORDER BY product, region, vendor, month",
            GoldTables.UNIT_ECONOMICS_MONTHLY)
        .stream()
        .map(
            r ->
                new VendorMonth(
                    r.getString(0),
                    r.getString(1),
                    r.getString(2),
                    r.getAs(3),
                    r.getDouble(4),
                    r.isNullAt(5) ? null : r.getDouble(5),
                    r.getBoolean(6)))
        .toList();
  }

  List<War> wars() {
    return gold(
            "SELECT product, region, start_month, end_month, vendors_below_cost FROM %s"
                + " ORDER BY product, region, start_month",
            GoldTables.PRICE_WAR_PERIODS)
        .stream()
        .map(
            r ->
                new War(
                    r.getString(0),
                    r.getString(1),
                    r.getAs(2),
                    r.getAs(3),
                    r.isNullAt(4) ? List.of() : r.<String>getList(4)))
        .toList();
  }

  List<Exit> exits() {
    return gold(
            "SELECT vendor, product, last_month, exit_basis, exit_event,"
                + " coalesce(at_break_even, false) FROM %s ORDER BY product, last_month, vendor",
            GoldTables.VENDOR_EXITS)
        .stream()
        .map(
            r ->
                new Exit(
                    r.getString(0),
                    r.getString(1),
                    r.getAs(2),
                    r.getString(3),
                    r.getString(4),
                    r.getBoolean(5)))
        .toList();
  }

  List<SegmentYear> segmentYears() {
    return gold(
            "SELECT vendor, segment, year, CAST(loss_ratio AS DOUBLE),"
                + " coalesce(is_revenue_peak, false) FROM %s ORDER BY vendor, segment, year",
            GoldTables.VENDOR_SEGMENT_LOSS)
        .stream()
        .map(
            r ->
                new SegmentYear(
                    r.getString(0),
                    r.getString(1),
                    r.getInt(2),
                    r.isNullAt(3) ? null : r.getDouble(3),
                    r.getBoolean(4)))
        .toList();
  }

  /** A query over a gold table: {@code %s} (or {@code %1$s}) stands for the table. */
  private List<Row> gold(String query, String table, Object... args) {
    return query(query, warehouse.gold(table), args);
  }

  private List<Row> silver(String query, String dataset, Object... args) {
    return query(query, warehouse.silver(dataset), args);
  }

  private List<Row> query(String query, String path, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = view(path);
    System.arraycopy(args, 0, all, 1, args.length);
    return spark.sql(String.format(query, all)).collectAsList();
  }

  /**
   * A temporary view of the Delta table at {@code path}, read through {@link DeltaTables}, for the
   * report's SQL; named after the table's folder.
   */
  private String view(String path) {
    String name = "report_" + path.substring(path.lastIndexOf('/') + 1);
    DeltaTables.read(spark, path).createOrReplaceTempView(name);
    return name;
  }

  private List<String> strings(String query, String table) {
    return gold(query, table).stream().map(r -> r.getString(0)).toList();
  }
}

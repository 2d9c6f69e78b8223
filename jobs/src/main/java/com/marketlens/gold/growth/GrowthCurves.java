package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Ceiling detection for every site and growth series, run inside Spark: each series up to each
 * cutoff is analysed by {@link SeriesAnalyzer} in a map on the executors, so sites and cutoffs are
 * fitted in parallel and no series is collected to the driver. The analyses feed growth_model_fits,
 * growth_ceilings, growth_ceiling_backtest and growth_changepoints; the series and the market
 * events feed market_event_impact ({@link EventImpact}).
 */
public final class GrowthCurves {

  public static final String DAILY_IP = "daily_ip";
  public static final String MAU = "mau";
  public static final String REGISTERED_USERS = "registered_users";

  private static final StructType FIT =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("converged", DataTypes.BooleanType, false)
          .add("chosen", DataTypes.BooleanType, false)
          .add(
              "parameters",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
              true)
          .add(
              "standard_errors",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType),
              true)
          .add("ceiling", DataTypes.DoubleType, true)
          .add("ceiling_se", DataTypes.DoubleType, true)
          .add("inflection_on", DataTypes.DateType, true)
          .add("rss", DataTypes.DoubleType, true)
          .add("rmse", DataTypes.DoubleType, true)
          .add("aic", DataTypes.DoubleType, true)
          .add("points", DataTypes.IntegerType, false);

  private static final StructType CHANGE =
      new StructType()
          .add("change_on", DataTypes.DateType, false)
          .add("rate_before", DataTypes.DoubleType, false)
          .add("rate_after", DataTypes.DoubleType, false);

  static final StructType ANALYSIS =
      new StructType()
          .add("site", DataTypes.StringType, false)
          .add("series", DataTypes.StringType, false)
          .add("cutoff", DataTypes.DateType, false)
          .add("final", DataTypes.BooleanType, false)
          .add("fitted_ceiling", DataTypes.DoubleType, true)
          .add("fitted_lower", DataTypes.DoubleType, true)
          .add("fitted_upper", DataTypes.DoubleType, true)
          .add("model", DataTypes.StringType, true)
          .add("status", DataTypes.StringType, false)
          .add("ceiling_identified", DataTypes.BooleanType, false)
          .add("ceiling", DataTypes.DoubleType, true)
          .add("ceiling_lower", DataTypes.DoubleType, true)
          .add("ceiling_upper", DataTypes.DoubleType, true)
          .add("inflection_on", DataTypes.DateType, true)
          .add("ceiling_reached_on", DataTypes.DateType, true)
          .add(
              "threshold_crossings",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.DateType),
              false)
          .add("peak_value", DataTypes.DoubleType, true)
          .add("peak_on", DataTypes.DateType, true)
          .add("last_observed_on", DataTypes.DateType, true)
          .add("last_value", DataTypes.DoubleType, true)
          .add("points", DataTypes.IntegerType, false)
          .add("growth_break_on", DataTypes.DateType, true)
          .add("fits", DataTypes.createArrayType(FIT, false), false)
          .add("change_points", DataTypes.createArrayType(CHANGE, false), false);

  private static final StructType IMPACT =
      new StructType()
          .add("site", DataTypes.StringType, false)
          .add("series", DataTypes.StringType, false)
          .add("event_on", DataTypes.DateType, false)
          .add("event_actor", DataTypes.StringType, false)
          .add("event", DataTypes.StringType, false)
          .add("market_wide", DataTypes.BooleanType, false)
          .add("window_days", DataTypes.IntegerType, false)
          .add("points_before", DataTypes.IntegerType, false)
          .add("points_after", DataTypes.IntegerType, false)
          .add("slope_before", DataTypes.DoubleType, true)
          .add("slope_after", DataTypes.DoubleType, true)
          .add("slope_change", DataTypes.DoubleType, true)
          .add("placebo_dates", DataTypes.IntegerType, false)
          .add("p_value", DataTypes.DoubleType, true)
          .add("status", DataTypes.StringType, false);

  private GrowthCurves() {}

  /**
   * The growth series as (site, series, date, value): daily login IPs from site_traffic, monthly
   * active users from growth_accounting (dated on the month's first day) and cumulative registered
   * users at the end of each registration month (dated on its first day).
   */
  public static Dataset<Row> series(
      Dataset<Row> traffic, Dataset<Row> accounting, Dataset<Row> users) {
    Dataset<Row> ips =
        traffic.select(
            col("site"),
            lit(DAILY_IP).as("series"),
            col("date"),
            col("daily_ip").cast("double").as("value"));
    Dataset<Row> mau =
        accounting.select(
            col("site"),
            lit(MAU).as("series"),
            col("month").as("date"),
            col("mau").cast("double").as("value"));
    Dataset<Row> registered =
        users
            .groupBy(col("site"), col("registered_month").as("date"))
            .agg(count(lit(1)).as("n"))
            .select(
                col("site"),
                lit(REGISTERED_USERS).as("series"),
                col("date"),
                sum("n")
                    .over(Window.partitionBy("site").orderBy("date"))
                    .cast("double")
                    .as("value"));
    return ips.unionByName(mau).unionByName(registered);
  }

  /**
   * One analysis row per site, series and cutoff, computed in a grouped map (parallel across series
   * and cutoffs): the cutoffs are every month end from the series' first month up to (excluding)
   * its last observation, and that last observation. The analysis at a cutoff sees the series up to
   * the cutoff only; the one at the last observation ({@code final}) is the whole series, which the
   * tables growth_model_fits, growth_ceilings and growth_changepoints report. Every cutoff of a
   * series uses the series' bootstrap seed, so the final row is the same as an analysis of the
   * whole series alone.
   */
  public static Dataset<Row> analyses(
      Dataset<Row> series, Map<String, List<Long>> thresholds, int holdDays, int bootstrapSamples) {
    return analyze(analysisInputs(series), List.of(), thresholds, holdDays, bootstrapSamples);
  }

  /**
   * What each analysis sees: (site, series, cutoff, last_on, points), {@code points} the series'
   * (date, value) structs up to the cutoff and {@code last_on} the series' last observation.
   */
  static Dataset<Row> analysisInputs(Dataset<Row> series) {
    Dataset<Row> cutoffs =
        series
            .groupBy("site", "series")
            .agg(min("date").as("first_on"), max("date").as("last_on"))
            .select(
                col("site"),
                col("series"),
                col("last_on"),
                explode(
                        expr(
                            "array_union(filter(transform(sequence(trunc(first_on, 'MM'),"
                                + " trunc(last_on, 'MM'), interval 1 month), m -> last_day(m)),"
                                + " m -> m < last_on), array(last_on))"))
                    .as("cutoff"));
    return series
        .join(cutoffs, new String[] {"site", "series"})
        .filter(col("date").leq(col("cutoff")))
        .groupBy("site", "series", "cutoff", "last_on")
        .agg(collect_list(struct(col("date"), col("value"))).as("points"));
  }

  /**
   * The analysis of each row of {@link #analysisInputs}, in the {@link #ANALYSIS} columns followed
   * by the input's {@code carried} columns (the others are dropped).
   */
  static Dataset<Row> analyze(
      Dataset<Row> inputs,
      List<String> carried,
      Map<String, List<Long>> thresholds,
      int holdDays,
      int bootstrapSamples) {
    HashMap<String, List<Long>> byKind = new HashMap<>(thresholds);
    StructType schema = ANALYSIS;
    for (String c : carried) {
      schema = schema.add(inputs.schema().apply(c));
    }
    List<String> extra = List.copyOf(carried);
    // Spread round-robin over every core, as the rows are few and small (adaptive execution would
    // coalesce a keyed shuffle of them into one task) but each one costs hundreds of curve fits.
    return inputs
        .repartition(inputs.sparkSession().sparkContext().defaultParallelism())
        .map(
            (MapFunction<Row, Row>)
                r -> {
                  String site = r.getAs("site");
                  String kind = r.getAs("series");
                  LocalDate cutoff = r.getAs("cutoff");
                  Points points = Points.of(r);
                  SeriesAnalyzer.Settings settings =
                      new SeriesAnalyzer.Settings(
                          byKind.getOrDefault(kind, List.of()),
                          holdDays,
                          bootstrapSamples,
                          (site + "\u0000" + kind).hashCode());
                  Row analysis =
                      toRow(
                          site,
                          kind,
                          cutoff,
                          cutoff.equals(r.getAs("last_on")),
                          SeriesAnalyzer.analyze(points.dates(), points.values(), settings));
                  if (extra.isEmpty()) {
                    return analysis;
                  }
                  Object[] values = new Object[analysis.size() + extra.size()];
                  for (int i = 0; i < analysis.size(); i++) {
                    values[i] = analysis.get(i);
                  }
                  for (int i = 0; i < extra.size(); i++) {
                    values[analysis.size() + i] = r.getAs(extra.get(i));
                  }
                  return RowFactory.create(values);
                },
            Encoders.row(schema));
  }

  /** The analyses of whole series (the last cutoff of each). */
  private static Dataset<Row> finals(Dataset<Row> analyses) {
    return analyses
        .filter(col("final"))
        .drop("cutoff", "final", "fitted_ceiling", "fitted_lower", "fitted_upper");
  }

  private static Row toRow(
      String site, String series, LocalDate cutoff, boolean last, SeriesAnalysis a) {
    List<Row> fits = new ArrayList<>();
    for (CurveFit f : a.fits()) {
      Map<String, Double> params = new LinkedHashMap<>();
      Map<String, Double> errors = new LinkedHashMap<>();
      String[] names = f.model().parameters();
      for (int i = 0; i < 3 && f.converged(); i++) {
        params.put(names[i], f.parameters()[i]);
        errors.put(names[i], finite(f.standardErrors()[i]));
      }
      LocalDate first = a.firstObservedOn();
      fits.add(
          RowFactory.create(
              f.model().code(),
              f.converged(),
              f == a.chosen(),
              f.converged() ? scalaMap(params) : null,
              f.converged() ? scalaMap(errors) : null,
              f.converged() ? f.ceiling() : null,
              f.converged() ? finite(f.standardErrors()[0]) : null,
              f.converged()
                      && first != null
                      && Double.isFinite(f.inflection())
                      && Math.abs(f.inflection()) < 1e6
                  ? first.plusDays(Math.round(f.inflection()))
                  : null,
              f.converged() ? f.rss() : null,
              f.converged() ? f.rmse() : null,
              f.converged() ? f.aic() : null,
              f.points()));
    }
    List<Row> changes = new ArrayList<>();
    for (SeriesAnalysis.ChangePoint c : a.changePoints()) {
      changes.add(RowFactory.create(c.on(), c.rateBefore(), c.rateAfter()));
    }
    SeriesAnalysis.Interval bootstrap = a.ceilingFit().bootstrap();
    return RowFactory.create(
        site,
        series,
        cutoff,
        last,
        a.chosen() == null ? null : a.chosen().ceiling(),
        bootstrap == null ? null : bootstrap.lower(),
        bootstrap == null ? null : bootstrap.upper(),
        a.chosen() == null ? null : a.chosen().model().code(),
        a.status(),
        a.ceilingIdentified(),
        a.ceiling(),
        a.ceilingLower(),
        a.ceilingUpper(),
        a.inflectionOn(),
        a.ceilingReachedOn(),
        scalaMap(a.thresholdCrossings()),
        a.points() == 0 ? null : a.peakValue(),
        a.peakOn(),
        a.lastObservedOn(),
        a.points() == 0 ? null : a.lastValue(),
        a.points(),
        a.growthBreakOn(),
        scalaSeq(fits),
        scalaSeq(changes));
  }

  // Rows given to a Row encoder hold Scala collections for ARRAY and MAP columns.
  private static <K, V> scala.collection.Map<K, V> scalaMap(Map<K, V> map) {
    return CollectionConverters.asScala(new LinkedHashMap<>(map));
  }

  private static <T> Seq<T> scalaSeq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /**
   * market_event_impact: for each site, its daily-IP series (MAU where the site has no panel
   * traffic) and every market event of that site or of the whole market within the series' span,
   * the growth rate before and after the event with its placebo p-value ({@link EventImpact}). The
   * series and their events are grouped per site and measured in a map on the executors.
   */
  public static Dataset<Row> eventImpacts(
      Dataset<Row> series, Dataset<Row> events, int windowDays) {
    Dataset<Row> candidates = series.filter(col("series").isin(DAILY_IP, MAU));
    Dataset<Row> panelSites =
        candidates.filter(col("series").equalTo(DAILY_IP)).select("site").distinct();
    Dataset<Row> chosen =
        candidates
            .filter(col("series").equalTo(DAILY_IP))
            .unionByName(
                candidates
                    .filter(col("series").equalTo(MAU))
                    .join(panelSites, new String[] {"site"}, "left_anti"))
            .groupBy("site", "series")
            .agg(collect_list(struct(col("date"), col("value"))).as("points"));
    Dataset<Row> siteEvents =
        chosen
            .select("site")
            .join(
                events.select(
                    col("date").as("event_on"),
                    col("actor"),
                    col("event"),
                    col("site").as("event_site")),
                col("event_site").isNull().or(col("event_site").equalTo(col("site"))))
            .groupBy("site")
            .agg(
                collect_list(struct(col("event_on"), col("actor"), col("event"), col("event_site")))
                    .as("events"));
    return chosen
        .join(siteEvents, new String[] {"site"})
        .flatMap(
            (FlatMapFunction<Row, Row>) r -> impactRows(r, windowDays).iterator(),
            Encoders.row(IMPACT));
  }

  /** A series collected into a row's {@code points} (structs of date and value), as two lists. */
  private record Points(List<LocalDate> dates, List<Double> values) {
    static Points of(Row r) {
      List<LocalDate> dates = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      for (Row p : r.<Row>getList(r.fieldIndex("points"))) {
        dates.add(p.getAs("date"));
        values.add(p.isNullAt(1) ? null : p.getDouble(1));
      }
      return new Points(dates, values);
    }
  }

  private static List<Row> impactRows(Row r, int windowDays) {
    Points points = Points.of(r);
    List<EventImpact.Event> events = new ArrayList<>();
    for (Row e : r.<Row>getList(r.fieldIndex("events"))) {
      events.add(
          new EventImpact.Event(
              e.getAs("event_on"), e.getAs("actor"), e.getAs("event"), e.getAs("event_site")));
    }
    List<Row> out = new ArrayList<>();
    for (EventImpact.Impact i :
        EventImpact.measure(points.dates(), points.values(), events, windowDays)) {
      out.add(
          RowFactory.create(
              r.getAs("site"),
              r.getAs("series"),
              i.event().on(),
              i.event().actor(),
              i.event().name(),
              i.event().site() == null,
              windowDays,
              i.pointsBefore(),
              i.pointsAfter(),
              i.slopeBefore(),
              i.slopeAfter(),
              i.slopeChange(),
              i.placeboDates(),
              i.pValue(),
              i.status()));
    }
    return out;
  }

  /** growth_model_fits: every model tried on every series. */
  public static Dataset<Row> modelFits(Dataset<Row> analyses) {
    return finals(analyses)
        .select(col("site"), col("series"), explode(col("fits")).as("f"))
        .select(col("site"), col("series"), col("f.*"));
  }

  /** growth_changepoints: every change in the monthly growth rate. */
  public static Dataset<Row> changePoints(Dataset<Row> analyses) {
    return finals(analyses)
        .select(col("site"), col("series"), explode(col("change_points")).as("c"))
        .select(
            col("site"),
            col("series"),
            col("c.change_on"),
            col("c.rate_before"),
            col("c.rate_after"),
            col("c.rate_after").minus(col("c.rate_before")).as("rate_change"));
  }

  /**
   * growth_ceilings: the analysis of each series with the market event nearest before its growth
   * break: an event of that site or of the whole market (no site), dated within {@code windowDays}
   * before the break (the break day included). Ties on the date go to the alphabetically first
   * event.
   */
  public static Dataset<Row> ceilings(Dataset<Row> analyses, Dataset<Row> events, int windowDays) {
    Dataset<Row> whole = finals(analyses);
    Dataset<Row> e =
        events.select(
            col("date").as("event_on"),
            col("actor").as("event_actor"),
            col("site").as("event_site"),
            col("event").as("event_name"));
    Dataset<Row> candidates =
        whole
            .select("site", "series", "growth_break_on")
            .join(
                e,
                col("event_site")
                    .isNull()
                    .or(col("event_site").equalTo(col("site")))
                    .and(col("event_on").leq(col("growth_break_on")))
                    .and(col("event_on").geq(date_sub(col("growth_break_on"), windowDays))))
            .withColumn(
                "rank",
                row_number()
                    .over(
                        Window.partitionBy("site", "series")
                            .orderBy(col("event_on").desc(), col("event_name"))))
            .filter(col("rank").equalTo(1))
            .select(
                col("site"),
                col("series"),
                col("event_on").as("preceding_event_on"),
                col("event_actor").as("preceding_event_actor"),
                col("event_name").as("preceding_event"),
                datediff(col("growth_break_on"), col("event_on"))
                    .as("preceding_event_days_before"));
    return whole
        .drop("fits", "change_points")
        .join(candidates, new String[] {"site", "series"}, "left")
        .join(whenIdentified(analyses), new String[] {"site", "series"}, "left")
        .withColumn(
            "identified_lead_days",
            datediff(col("ceiling_reached_on"), col("first_identified_on")));
  }

  /** K stays within this share of the final K from the first identified cutoff on. */
  static final double BACKTEST_TOLERANCE = 0.10;

  /**
   * Per series whose final ceiling is identified: first_identified_on, the first cutoff from which
   * K is identified and within {@link #BACKTEST_TOLERANCE} of the final K at every later cutoff,
   * and inflection_month_ceiling, the K fitted at the end of the final fit's inflection month (or
   * at the last observation when that is earlier).
   */
  private static Dataset<Row> whenIdentified(Dataset<Row> analyses) {
    Dataset<Row> last =
        analyses
            .filter(col("final").and(col("ceiling_identified")))
            .select(
                col("site"),
                col("series"),
                col("ceiling").as("final_ceiling"),
                least(last_day(col("inflection_on")), col("cutoff")).as("inflection_cutoff"));
    Column off =
        not(col("ceiling_identified"))
            .or(
                abs(col("fitted_ceiling").minus(col("final_ceiling")))
                    .gt(col("final_ceiling").multiply(BACKTEST_TOLERANCE)));
    Dataset<Row> cutoffs =
        analyses
            .join(last, new String[] {"site", "series"})
            .withColumn(
                "last_off",
                max(when(off, col("cutoff"))).over(Window.partitionBy("site", "series")));
    Dataset<Row> first =
        cutoffs
            .filter(col("last_off").isNull().or(col("cutoff").gt(col("last_off"))))
            .groupBy("site", "series")
            .agg(min("cutoff").as("first_identified_on"));
    Dataset<Row> atInflection =
        cutoffs
            .filter(col("cutoff").equalTo(col("inflection_cutoff")))
            .select(
                col("site"), col("series"), col("fitted_ceiling").as("inflection_month_ceiling"));
    return first.join(atInflection, new String[] {"site", "series"}, "full_outer");
  }

  /**
   * growth_ceiling_backtest: the analysis of each series at every cutoff with at least {@link
   * SeriesAnalyzer#MIN_POINTS} observations up to it.
   */
  public static Dataset<Row> backtest(Dataset<Row> analyses) {
    return analyses
        .filter(col("points").geq(SeriesAnalyzer.MIN_POINTS))
        .select(
            col("site"),
            col("series"),
            col("cutoff"),
            col("points"),
            col("model"),
            col("status"),
            col("ceiling_identified"),
            col("fitted_ceiling").as("ceiling"),
            col("fitted_lower").as("ceiling_lower"),
            col("fitted_upper").as("ceiling_upper"),
            col("inflection_on"),
            col("final"));
  }
}

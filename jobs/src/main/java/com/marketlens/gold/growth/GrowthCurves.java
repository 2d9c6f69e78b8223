package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
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
 * Ceiling detection for every site and growth series, run inside Spark: the series are grouped by
 * (site, series) and each group is analysed by {@link SeriesAnalyzer} in a grouped map on the
 * executors, so sites are fitted in parallel and no series is collected to the driver. One analysis
 * row per series feeds the three tables growth_model_fits, growth_ceilings and growth_changepoints.
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

  /** One analysis row per (site, series), computed in a grouped map. */
  public static Dataset<Row> analyses(
      Dataset<Row> series, Map<String, List<Long>> thresholds, int holdDays, int bootstrapSamples) {
    HashMap<String, List<Long>> byKind = new HashMap<>(thresholds);
    return series
        .groupByKey(
            (MapFunction<Row, String>) r -> r.getString(0) + "\u0000" + r.getString(1),
            Encoders.STRING())
        .flatMapGroups(
            (FlatMapGroupsFunction<String, Row, Row>)
                (key, rows) -> {
                  String[] parts = key.split("\u0000", 2);
                  List<LocalDate> dates = new ArrayList<>();
                  List<Double> values = new ArrayList<>();
                  while (rows.hasNext()) {
                    Row r = rows.next();
                    dates.add(r.getAs("date"));
                    values.add(
                        r.isNullAt(r.fieldIndex("value"))
                            ? null
                            : r.getDouble(r.fieldIndex("value")));
                  }
                  SeriesAnalyzer.Settings settings =
                      new SeriesAnalyzer.Settings(
                          byKind.getOrDefault(parts[1], List.of()),
                          holdDays,
                          bootstrapSamples,
                          key.hashCode());
                  return List.of(
                          toRow(
                              parts[0], parts[1], SeriesAnalyzer.analyze(dates, values, settings)))
                      .iterator();
                },
            Encoders.row(ANALYSIS));
  }

  private static Row toRow(String site, String series, SeriesAnalysis a) {
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
    return RowFactory.create(
        site,
        series,
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

  /** growth_model_fits: every model tried on every series. */
  public static Dataset<Row> modelFits(Dataset<Row> analyses) {
    return analyses
        .select(col("site"), col("series"), explode(col("fits")).as("f"))
        .select(col("site"), col("series"), col("f.*"));
  }

  /** growth_changepoints: every change in the monthly growth rate. */
  public static Dataset<Row> changePoints(Dataset<Row> analyses) {
    return analyses
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
    Dataset<Row> e =
        events.select(
            col("date").as("event_on"),
            col("actor").as("event_actor"),
            col("site").as("event_site"),
            col("event").as("event_name"));
    Dataset<Row> candidates =
        analyses
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
    return analyses
        .drop("fits", "change_points")
        .join(candidates, new String[] {"site", "series"}, "left");
  }
}

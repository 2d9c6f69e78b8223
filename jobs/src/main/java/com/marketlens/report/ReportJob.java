package com.marketlens.report;

import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A self-contained HTML report of the gold tables ({@code marketlens report --out DIR}):
 * report.html with the charts inlined, and each chart also as a PNG beside it. The gold tables are
 * aggregates, so the few thousand points a chart needs are collected to the driver; nothing
 * row-level is.
 */
public final class ReportJob extends PipelineJob {

  /** Periods shown in the retention heatmap. */
  private static final int MAX_PERIOD = 12;

  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    new Color(227, 119, 194), new Color(127, 127, 127)
  };

  /** The gold tables the charts are drawn from. */
  private static final List<String> REPORT_TABLES =
      List.of(
          GoldTables.COHORT_RETENTION,
          GoldTables.GROWTH_CEILINGS,
          GoldTables.GROWTH_MODEL_FITS,
          GoldTables.UNIT_ECONOMICS_MONTHLY,
          GoldTables.PRICE_WAR_PERIODS,
          GoldTables.VENDOR_SEGMENT_LOSS);

  private record Figure(String file, String title, String caption) {}

  public ReportJob(JobContext job) {
    super(job);
  }

  /** Writes report.html and the PNGs into {@code out}; returns the PNG files. */
  public List<Path> run(Path out) {
    for (String table : REPORT_TABLES) {
      if (!DeltaTables.exists(spark, warehouse.gold(table))) {
        throw Errors.missingUpstream(
            warehouse.gold(table), "the report is drawn from the gold tables");
      }
    }
    System.setProperty("java.awt.headless", "true");
    try {
      Files.createDirectories(out);
      // Tables without rows (one market only, a backfill before a dataset's first scrape) get no
      // chart: the
      // page lists them with the reason their gold run recorded.
      Map<String, String> empty = emptyTables();
      List<Figure> figures = new ArrayList<>();
      for (String site :
          strings("SELECT DISTINCT site FROM %s ORDER BY site", GoldTables.COHORT_RETENTION)) {
        figures.add(
            save(
                out,
                "retention_" + site,
                retentionHeatmap(site),
                "Cohort retention, " + site,
                "Share of each monthly signup cohort active N months later (all segments and channels)."));
      }
      for (String site :
          strings(
              "SELECT DISTINCT site FROM %s WHERE series = 'daily_ip' ORDER BY site",
              GoldTables.GROWTH_CEILINGS)) {
        figures.add(
            save(
                out,
                "growth_" + site,
                growthCurve(site),
                "Daily login IPs and the fitted ceiling, " + site,
                "Weekly mean of daily IPs, the chosen saturation model, its ceiling K with the 90% interval, the"
                    + " configured thresholds and the market events of the site or the whole market."));
      }
      for (String product :
          empty.containsKey(GoldTables.UNIT_ECONOMICS_MONTHLY)
              ? List.<String>of()
              : List.of("cdn", "bandwidth")) {
        figures.add(
            save(
                out,
                "price_vs_cost_" + product,
                priceVersusCost(product, "cn-east"),
                "Effective price and unit cost, " + product + " in cn-east",
                "Median effective price (solid) and unit cost (dashed) per vendor; shaded: price-war periods."));
      }
      if (!empty.containsKey(GoldTables.VENDOR_SEGMENT_LOSS)) {
        figures.add(
            save(
                out,
                "loss_ratio",
                lossRatios(),
                "Loss ratio by vendor, segment and year",
                "Loss ratio = max(0, -gross margin) of each reported segment per year."));
      }
      Files.writeString(
          out.resolve("report.html"), html(out, figures, empty), StandardCharsets.UTF_8);
      return figures.stream().map(f -> out.resolve(f.file())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The report's tables that have no rows, with why (from the audit table when its gold run
   * recorded it).
   */
  private Map<String, String> emptyTables() {
    Map<String, String> reasons = AuditLog.skippedReasons(spark, warehouse, "gold");
    Map<String, String> empty = new TreeMap<>();
    for (String table : REPORT_TABLES) {
      if (rows("SELECT 1 FROM %s LIMIT 1", table).isEmpty()) {
        empty.put(table, reasons.getOrDefault(table, "the gold table has no rows"));
      }
    }
    return empty;
  }

  private List<Row> rows(String query, String table, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = "delta.`" + warehouse.gold(table) + "`";
    System.arraycopy(args, 0, all, 1, args.length);
    return spark.sql(String.format(query, all)).collectAsList();
  }

  private List<String> strings(String query, String table) {
    return rows(query, table).stream().map(r -> r.getString(0)).toList();
  }

  private static Date date(LocalDate d) {
    return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  private HeatMapChart retentionHeatmap(String site) {
    List<Row> cells =
        rows(
            "SELECT concat(substr(CAST(cohort AS STRING), 1, 7), ' (n=', cohort_size, ')'),"
                + " period_index, retention_rate FROM %s WHERE site = '%s' AND grain = 'month'"
                + " AND segment = 'all' AND channel = 'all' AND period_index <= %d ORDER BY cohort, period_index",
            GoldTables.COHORT_RETENTION, site, MAX_PERIOD);
    List<String> cohorts =
        new ArrayList<>(new LinkedHashSet<>(cells.stream().map(r -> r.getString(0)).toList()));
    List<Integer> periods = new ArrayList<>();
    for (int p = 0; p <= MAX_PERIOD; p++) {
      periods.add(p);
    }
    List<Number[]> heat = new ArrayList<>();
    for (Row r : cells) {
      heat.add(
          new Number[] {
            r.getInt(1), cohorts.indexOf(r.getString(0)), Math.round(r.getDouble(2) * 100)
          });
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(900)
            .height(Math.max(400, 18 * cohorts.size() + 150))
            .title("Cohort retention (% active), " + site)
            .xAxisTitle("months since signup")
            .yAxisTitle("signup month")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(100);
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {
              new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)
            });
    chart.getStyler().setValueFontColor(Color.DARK_GRAY);
    chart.addSeries("retention", periods, cohorts, heat);
    return chart;
  }

  private XYChart growthCurve(String site) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title("Daily login IPs, " + site)
            .xAxisTitle("date")
            .yAxisTitle("daily unique login IPs")
            .build();
    style(chart);
    List<Row> weekly =
        spark
            .sql(
                String.format(
                    "SELECT date_trunc('week', date) AS w, avg(daily_ip) FROM delta.`%s`"
                        + " WHERE site = '%s' GROUP BY 1 ORDER BY 1",
                    warehouse.silver(Datasets.SITE_TRAFFIC), site))
            .collectAsList();
    if (weekly.isEmpty()) {
      chart.addSeries("no data", List.of(0), List.of(0));
      return chart;
    }
    List<Date> x = new ArrayList<>();
    List<Number> y = new ArrayList<>();
    for (Row r : weekly) {
      x.add(Date.from(((Instant) r.get(0))));
      y.add(r.getDouble(1));
    }
    line(chart.addSeries("daily IPs (weekly mean)", x, y), PALETTE[0], SeriesLines.SOLID);
    Date first = x.get(0);
    Date last = x.get(x.size() - 1);
    List<Row> ceiling =
        rows(
            "SELECT c.ceiling, c.ceiling_lower, c.ceiling_upper, c.threshold_crossings, f.model,"
                + " f.parameters, c.ceiling_identified FROM %1$s c JOIN delta.`%2$s` f ON c.site = f.site AND c.series ="
                + " f.series AND f.chosen WHERE c.site = '%3$s' AND c.series = 'daily_ip'",
            GoldTables.GROWTH_CEILINGS, warehouse.gold(GoldTables.GROWTH_MODEL_FITS), site);
    double top = y.stream().mapToDouble(Number::doubleValue).max().orElse(1);
    if (!ceiling.isEmpty()) {
      Row c = ceiling.get(0);
      scala.collection.Map<String, Double> params = c.getMap(5);
      LocalDate start = LocalDate.ofInstant(first.toInstant(), ZoneOffset.UTC);
      double offset = firstOffset(site, start);
      List<Number> fitted = new ArrayList<>();
      for (Date d : x) {
        double t =
            ChronoUnit.DAYS.between(start, LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC));
        fitted.add(model(c.getString(4), params, t + offset));
      }
      line(chart.addSeries("fitted " + c.getString(4), x, fitted), PALETTE[1], SeriesLines.SOLID);
      if (c.getBoolean(6)) {
        horizontal(
            chart, "ceiling K", c.getDouble(0), first, last, PALETTE[3], SeriesLines.DASH_DASH);
        horizontal(
            chart,
            "90% interval (low)",
            c.getDouble(1),
            first,
            last,
            PALETTE[7],
            SeriesLines.DOT_DOT);
        horizontal(
            chart,
            "90% interval (high)",
            c.getDouble(2),
            first,
            last,
            PALETTE[7],
            SeriesLines.DOT_DOT);
        top = Math.max(top, c.getDouble(2));
      }
      scala.collection.Map<String, LocalDate> thresholds = c.getMap(3);
      for (String threshold : CollectionConverters.asJava(thresholds.keySet())) {
        horizontal(
            chart,
            "threshold " + threshold,
            Double.parseDouble(threshold),
            first,
            last,
            PALETTE[4],
            SeriesLines.DASH_DOT);
        top = Math.max(top, Double.parseDouble(threshold));
      }
    }
    int k = 0;
    for (Row e :
        spark
            .sql(
                String.format(
                    "SELECT date, event FROM delta.`%s` WHERE (site = '%s' OR site IS NULL)"
                        + " ORDER BY date",
                    warehouse.silver(Datasets.MARKET_EVENTS), site))
            .collectAsList()) {
      Date d = date(e.getAs("date"));
      if (!d.before(first) && !d.after(last)) {
        XYSeries s =
            chart.addSeries(
                e.getAs("date") + " " + e.getString(1), List.of(d, d), List.of(0, top * 1.05));
        line(s, PALETTE[(2 + k++) % PALETTE.length], SeriesLines.DOT_DOT);
      }
    }
    return chart;
  }

  /**
   * Days from the traffic series' first observation to the first plotted week (fits count from the
   * former).
   */
  private double firstOffset(String site, LocalDate firstWeek) {
    LocalDate firstDay =
        spark
            .sql(
                String.format(
                    "SELECT min(date) FROM delta.`%s` WHERE site = '%s'",
                    warehouse.silver(Datasets.SITE_TRAFFIC), site))
            .collectAsList()
            .get(0)
            .getAs(0);
    return ChronoUnit.DAYS.between(firstDay, firstWeek);
  }

  private static double model(String name, scala.collection.Map<String, Double> p, double t) {
    return switch (name) {
      case "logistic" -> p.apply("K") / (1 + Math.exp(-p.apply("r") * (t - p.apply("t0"))));
      case "gompertz" -> p.apply("K") * Math.exp(-Math.exp(-p.apply("r") * (t - p.apply("t0"))));
      default -> {
        double e = Math.exp(-(p.apply("p") + p.apply("q")) * t);
        yield p.apply("m") * (1 - e) / (1 + (p.apply("q") / p.apply("p")) * e);
      }
    };
  }

  private XYChart priceVersusCost(String product, String region) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title("Effective price vs unit cost: " + product + ", " + region)
            .xAxisTitle("month")
            .yAxisTitle("CNY per unit")
            .build();
    style(chart);
    List<Row> rows =
        rows(
            "SELECT vendor, month, CAST(effective_price AS DOUBLE), CAST(unit_cost AS DOUBLE) FROM %s"
                + " WHERE product = '%s' AND region = '%s' ORDER BY vendor, month",
            GoldTables.UNIT_ECONOMICS_MONTHLY, product, region);
    double top =
        rows.stream()
            .mapToDouble(r -> Math.max(r.getDouble(2), r.isNullAt(3) ? 0 : r.getDouble(3)))
            .max()
            .orElse(1);
    for (Row p :
        rows(
            "SELECT start_month, end_month FROM %s WHERE product = '%s' AND region = '%s'",
            GoldTables.PRICE_WAR_PERIODS, product, region)) {
      Date from = date(p.getAs(0));
      Date to = date(((LocalDate) p.getAs(1)).plusMonths(1));
      XYSeries s =
          chart.addSeries(
              "price war " + p.get(0).toString().substring(0, 7),
              List.of(from, to),
              List.of(top * 1.05, top * 1.05));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setFillColor(new Color(255, 200, 200, 110));
      s.setLineColor(new Color(255, 200, 200, 110));
      s.setMarker(SeriesMarkers.NONE);
    }
    Map<String, List<Row>> byVendor = new TreeMap<>();
    rows.forEach(r -> byVendor.computeIfAbsent(r.getString(0), v -> new ArrayList<>()).add(r));
    int k = 0;
    for (Map.Entry<String, List<Row>> v : byVendor.entrySet()) {
      Color color = PALETTE[k++ % PALETTE.length];
      List<Date> x = v.getValue().stream().map(r -> date(r.getAs(1))).toList();
      line(
          chart.addSeries(
              v.getKey() + " price",
              x,
              v.getValue().stream().map(r -> (Number) r.getDouble(2)).toList()),
          color,
          SeriesLines.SOLID);
      List<Row> costed = v.getValue().stream().filter(r -> !r.isNullAt(3)).toList();
      if (!costed.isEmpty()) {
        line(
            chart.addSeries(
                v.getKey() + " cost",
                costed.stream().map(r -> date(r.getAs(1))).toList(),
                costed.stream().map(r -> (Number) r.getDouble(3)).toList()),
            color,
            SeriesLines.DASH_DASH);
      }
    }
    return chart;
  }

  private CategoryChart lossRatios() {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(520)
            .title("Loss ratio by vendor and year")
            .xAxisTitle("year")
            .yAxisTitle("loss ratio")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setYAxisDecimalPattern("0%");
    List<Row> rows =
        rows(
            "SELECT concat(vendor, ' ', segment), year, CAST(coalesce(loss_ratio, 0) AS DOUBLE) FROM %s"
                + " ORDER BY 1, 2",
            GoldTables.VENDOR_SEGMENT_LOSS);
    List<String> years =
        new ArrayList<>(
            new TreeSet<>(rows.stream().map(r -> String.valueOf(r.getInt(1))).toList()));
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    rows.forEach(
        r ->
            series
                .computeIfAbsent(r.getString(0), s -> new TreeMap<>())
                .put(String.valueOf(r.getInt(1)), r.getDouble(2)));
    int k = 0;
    for (Map.Entry<String, Map<String, Double>> s : series.entrySet()) {
      List<Number> values =
          years.stream().map(y -> (Number) s.getValue().getOrDefault(y, 0.0)).toList();
      chart.addSeries(s.getKey(), years, values).setFillColor(PALETTE[k++ % PALETTE.length]);
    }
    return chart;
  }

  private static void style(XYChart chart) {
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setDatePattern("yyyy-MM");
    chart.getStyler().setXAxisLabelRotation(45);
    chart.getStyler().setYAxisDecimalPattern("#,###.##");
  }

  private static void line(XYSeries s, Color color, BasicStroke stroke) {
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(stroke);
  }

  private static void horizontal(
      XYChart chart, String name, double y, Date from, Date to, Color color, BasicStroke stroke) {
    line(chart.addSeries(name, List.of(from, to), List.of(y, y)), color, stroke);
  }

  private static final Logger LOG = LogManager.getLogger(ReportJob.class);

  private static Figure save(Path out, String name, Chart<?, ?> chart, String title, String caption)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    LOG.info("report: wrote {}.png", name);
    return new Figure(name + ".png", title, caption);
  }

  private String html(Path out, List<Figure> figures, Map<String, String> empty)
      throws IOException {
    StringBuilder h = new StringBuilder();
    h.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MarketLens report</title>\n")
        .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
        .append(
            "figure{margin:2em 0}img{max-width:100%;border:1px solid #ddd}figcaption{color:#555}</style>")
        .append("</head><body>\n<h1>MarketLens report</h1>\n<p>Run ")
        .append(escape(runId))
        .append(", run date ")
        .append(conf.runDate())
        .append(". Metric definitions: docs/metrics.md. Every chart is drawn from the gold")
        .append(" tables of this warehouse; the PNG files sit next to this page.</p>\n");
    if (!empty.isEmpty()) {
      h.append("<h2>Tables without rows</h2>\n<ul class=\"empty\">\n");
      empty.forEach(
          (table, why) ->
              h.append("<li><code>")
                  .append(escape(table))
                  .append("</code>: ")
                  .append(escape(why))
                  .append("</li>\n"));
      h.append("</ul>\n");
    }
    for (Figure f : figures) {
      byte[] png = Files.readAllBytes(out.resolve(f.file()));
      h.append("<figure><h2>")
          .append(escape(f.title()))
          .append("</h2>\n<img alt=\"")
          .append(escape(f.title()))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png))
          .append("\">\n<figcaption>")
          .append(escape(f.caption()))
          .append(" (")
          .append(f.file())
          .append(")</figcaption></figure>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

package com.marketlens.report;

import com.marketlens.report.ReportData.BacktestPoint;
import com.marketlens.report.ReportData.BacktestSummary;
import com.marketlens.report.ReportData.Ceiling;
import com.marketlens.report.ReportData.Event;
import com.marketlens.report.ReportData.LossRatio;
import com.marketlens.report.ReportData.PricePoint;
import com.marketlens.report.ReportData.PriceWar;
import com.marketlens.report.ReportData.RetentionCell;
import com.marketlens.report.ReportData.WeeklyTraffic;
import java.awt.BasicStroke;
import java.awt.Color;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart), drawn from {@link ReportData}'s records; no Spark here. */
final class ReportCharts {

  private static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    new Color(227, 119, 194), new Color(127, 127, 127)
  };

  private ReportCharts() {}

  /**
   * Retention of each monthly cohort; cells of cohorts below the minimum size and of periods not
   * over at the run date are left out, so they show as the grey background instead of rates of a
   * handful of users or of a partial month.
   */
  static HeatMapChart retentionHeatmap(String site, List<RetentionCell> cells, int minCohortSize) {
    List<String> cohorts =
        new ArrayList<>(new LinkedHashSet<>(cells.stream().map(RetentionCell::cohort).toList()));
    List<Integer> periods = new ArrayList<>();
    for (int p = 0; p <= ReportData.MAX_PERIOD; p++) {
      periods.add(p);
    }
    List<Number[]> heat = new ArrayList<>();
    for (RetentionCell c : cells) {
      if (c.shown() && c.complete()) {
        heat.add(
            new Number[] {c.period(), cohorts.indexOf(c.cohort()), Math.round(c.rate() * 100)});
      }
    }
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(900)
            .height(Math.max(400, 18 * cohorts.size() + 150))
            .title(
                "Cohort retention (% active), "
                    + site
                    + "; grey: cohort under "
                    + minCohortSize
                    + " users or period not over")
            .xAxisTitle("months since signup")
            .yAxisTitle("signup month")
            .build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(100);
    chart.getStyler().setPlotBackgroundColor(new Color(210, 210, 210));
    chart
        .getStyler()
        .setRangeColors(
            new Color[] {
              new Color(247, 251, 255), new Color(158, 202, 225), new Color(66, 146, 198)
            });
    chart.getStyler().setValueFontColor(Color.BLACK);
    if (heat.isEmpty()) {
      heat.add(new Number[] {0, 0, 0});
    }
    chart.addSeries("retention", periods, cohorts, heat);
    return chart;
  }

  /**
   * Retention curves of the {@code count} largest cohorts of at least {@code minCohortSize} users,
   * each with its 95% Wilson interval (dotted), over the periods that had ended.
   */
  static XYChart retentionCurves(
      String site, List<RetentionCell> cells, int minCohortSize, int count) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(520)
            .title("Retention with 95% intervals, largest cohorts, " + site)
            .xAxisTitle("months since signup")
            .yAxisTitle("share of the cohort active")
            .build();
    style(chart);
    chart.getStyler().setYAxisDecimalPattern("0%");
    Map<String, List<RetentionCell>> byCohort = new LinkedHashMap<>();
    cells.stream()
        .filter(c -> c.shown() && c.complete())
        .forEach(c -> byCohort.computeIfAbsent(c.cohort(), k -> new ArrayList<>()).add(c));
    List<String> largest =
        byCohort.keySet().stream()
            .sorted(
                (a, b) ->
                    Long.compare(byCohort.get(b).get(0).size(), byCohort.get(a).get(0).size()))
            .limit(count)
            .sorted()
            .toList();
    if (largest.isEmpty()) {
      chart.addSeries("no cohort of " + minCohortSize + " users or more", List.of(0), List.of(0));
      return chart;
    }
    int k = 0;
    for (String cohort : largest) {
      List<RetentionCell> curve = byCohort.get(cohort);
      Color color = PALETTE[k++ % PALETTE.length];
      Color pale = new Color(color.getRed(), color.getGreen(), color.getBlue(), 120);
      List<Number> x = curve.stream().map(c -> (Number) c.period()).toList();
      line(
          chart.addSeries(cohort, x, curve.stream().map(c -> (Number) c.rate()).toList()),
          color,
          SeriesLines.SOLID);
      line(
          chart.addSeries(
              cohort + " 95% low", x, curve.stream().map(c -> (Number) c.low()).toList()),
          pale,
          SeriesLines.DOT_DOT);
      line(
          chart.addSeries(
              cohort + " 95% high", x, curve.stream().map(c -> (Number) c.high()).toList()),
          pale,
          SeriesLines.DOT_DOT);
    }
    return chart;
  }

  /**
   * The ceiling K fitted on the data up to each month end, identified (filled) or not (open), its
   * 90% interval, the final K and the date it was first identified.
   */
  static XYChart backtest(String site, List<BacktestPoint> points, Optional<BacktestSummary> s) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(520)
            .title("When the ceiling could be known: K at each month end, daily IPs, " + site)
            .xAxisTitle("data up to")
            .yAxisTitle("ceiling K (daily IPs)")
            .build();
    style(chart);
    List<BacktestPoint> fitted = points.stream().filter(p -> p.k() != null).toList();
    // Fits that did not identify a ceiling can be wild (K of 10^11 on a few weeks of data): the
    // axis stops at three times the largest identified K.
    double cap =
        3
            * fitted.stream()
                .filter(BacktestPoint::identified)
                .mapToDouble(BacktestPoint::k)
                .max()
                .orElse(fitted.stream().mapToDouble(BacktestPoint::k).min().orElse(1));
    addPoints(chart, "K, identified", fitted, true, cap, SeriesMarkers.CIRCLE, PALETTE[0]);
    addPoints(chart, "K, not identified", fitted, false, cap, SeriesMarkers.CIRCLE, PALETTE[7]);
    List<BacktestPoint> intervals =
        fitted.stream()
            .filter(p -> p.identified() && p.lower() != null && p.upper() != null)
            .toList();
    if (!intervals.isEmpty()) {
      List<Date> x = intervals.stream().map(p -> date(p.cutoff())).toList();
      line(
          chart.addSeries(
              "90% interval (low)", x, intervals.stream().map(p -> (Number) p.lower()).toList()),
          PALETTE[0],
          SeriesLines.DOT_DOT);
      line(
          chart.addSeries(
              "90% interval (high)", x, intervals.stream().map(p -> (Number) p.upper()).toList()),
          PALETTE[0],
          SeriesLines.DOT_DOT);
    }
    if (points.isEmpty()) {
      chart.addSeries("no backtest", List.of(0), List.of(0));
      return chart;
    }
    Date first = date(points.get(0).cutoff());
    Date last = date(points.get(points.size() - 1).cutoff());
    if (s.isPresent() && s.get().finalK() != null) {
      horizontal(
          chart, "final K", s.get().finalK(), first, last, PALETTE[3], SeriesLines.DASH_DASH);
      if (s.get().firstIdentifiedOn() != null) {
        Date d = date(s.get().firstIdentifiedOn());
        String lead =
            s.get().leadDays() == null ? "" : ", " + s.get().leadDays() + " days before reached";
        line(
            chart.addSeries(
                "first identified " + s.get().firstIdentifiedOn() + lead,
                List.of(d, d),
                List.of(0, s.get().finalK() * 1.3)),
            PALETTE[2],
            SeriesLines.DASH_DOT);
      }
    }
    return chart;
  }

  private static void addPoints(
      XYChart chart,
      String name,
      List<BacktestPoint> points,
      boolean identified,
      double cap,
      org.knowm.xchart.style.markers.Marker marker,
      Color color) {
    List<BacktestPoint> chosen =
        points.stream().filter(p -> p.identified() == identified && p.k() <= cap).toList();
    if (chosen.isEmpty()) {
      return;
    }
    XYSeries s =
        chart.addSeries(
            name,
            chosen.stream().map(p -> date(p.cutoff())).toList(),
            chosen.stream().map(p -> (Number) p.k()).toList());
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(marker);
    s.setMarkerColor(color);
  }

  /**
   * Weekly mean daily IPs with the fitted curve (time counted from {@code firstDay}, as the fits
   * do), the ceiling and its interval when identified, the thresholds and the events in range.
   */
  static XYChart growthCurve(
      String site,
      List<WeeklyTraffic> weekly,
      Optional<Ceiling> ceiling,
      LocalDate firstDay,
      List<Event> events) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title("Daily login IPs, " + site)
            .xAxisTitle("date")
            .yAxisTitle("daily unique login IPs")
            .build();
    style(chart);
    if (weekly.isEmpty()) {
      chart.addSeries("no data", List.of(0), List.of(0));
      return chart;
    }
    List<Date> x = new ArrayList<>();
    List<Number> y = new ArrayList<>();
    for (WeeklyTraffic w : weekly) {
      x.add(Date.from(w.week()));
      y.add(w.dailyIps());
    }
    line(chart.addSeries("daily IPs (weekly mean)", x, y), PALETTE[0], SeriesLines.SOLID);
    Date first = x.get(0);
    Date last = x.get(x.size() - 1);
    double top = y.stream().mapToDouble(Number::doubleValue).max().orElse(1);
    if (ceiling.isPresent()) {
      Ceiling c = ceiling.get();
      LocalDate start = LocalDate.ofInstant(first.toInstant(), ZoneOffset.UTC);
      double offset = ChronoUnit.DAYS.between(firstDay, start);
      List<Number> fitted = new ArrayList<>();
      for (Date d : x) {
        double t =
            ChronoUnit.DAYS.between(start, LocalDate.ofInstant(d.toInstant(), ZoneOffset.UTC));
        fitted.add(c.model().value(c.parameters(), t + offset));
      }
      line(chart.addSeries("fitted " + c.model().code(), x, fitted), PALETTE[1], SeriesLines.SOLID);
      if (c.identified()) {
        horizontal(chart, "ceiling K", c.k(), first, last, PALETTE[3], SeriesLines.DASH_DASH);
        horizontal(
            chart, "90% interval (low)", c.lower(), first, last, PALETTE[7], SeriesLines.DOT_DOT);
        horizontal(
            chart, "90% interval (high)", c.upper(), first, last, PALETTE[7], SeriesLines.DOT_DOT);
        top = Math.max(top, c.upper());
      }
      for (double threshold : c.thresholds()) {
        horizontal(
            chart,
            "threshold " + String.valueOf((long) threshold),
            threshold,
            first,
            last,
            PALETTE[4],
            SeriesLines.DASH_DOT);
        top = Math.max(top, threshold);
      }
    }
    int k = 0;
    for (Event e : events) {
      Date d = date(e.date());
      if (!d.before(first) && !d.after(last)) {
        XYSeries s =
            chart.addSeries(e.date() + " " + e.name(), List.of(d, d), List.of(0, top * 1.05));
        line(s, PALETTE[(2 + k++) % PALETTE.length], SeriesLines.DOT_DOT);
      }
    }
    return chart;
  }

  /** Prices (solid) and costs (dashed) per vendor, price-war periods shaded. */
  static XYChart priceVersusCost(
      String product, String region, List<PricePoint> prices, List<PriceWar> wars) {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title("Effective price vs unit cost: " + product + ", " + region)
            .xAxisTitle("month")
            .yAxisTitle("CNY per unit")
            .build();
    style(chart);
    double top =
        prices.stream()
            .mapToDouble(p -> Math.max(p.price(), p.cost() == null ? 0 : p.cost()))
            .max()
            .orElse(1);
    for (PriceWar w : wars) {
      XYSeries s =
          chart.addSeries(
              "price war " + w.start().toString().substring(0, 7),
              List.of(date(w.start()), date(w.end().plusMonths(1))),
              List.of(top * 1.05, top * 1.05));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setFillColor(new Color(255, 200, 200, 110));
      s.setLineColor(new Color(255, 200, 200, 110));
      s.setMarker(SeriesMarkers.NONE);
    }
    Map<String, List<PricePoint>> byVendor = new TreeMap<>();
    prices.forEach(p -> byVendor.computeIfAbsent(p.vendor(), v -> new ArrayList<>()).add(p));
    int k = 0;
    for (Map.Entry<String, List<PricePoint>> v : byVendor.entrySet()) {
      Color color = PALETTE[k++ % PALETTE.length];
      List<Date> x = v.getValue().stream().map(p -> date(p.month())).toList();
      line(
          chart.addSeries(
              v.getKey() + " price",
              x,
              v.getValue().stream().map(p -> (Number) p.price()).toList()),
          color,
          SeriesLines.SOLID);
      List<PricePoint> costed = v.getValue().stream().filter(p -> p.cost() != null).toList();
      if (!costed.isEmpty()) {
        line(
            chart.addSeries(
                v.getKey() + " cost",
                costed.stream().map(p -> date(p.month())).toList(),
                costed.stream().map(p -> (Number) p.cost()).toList()),
            color,
            SeriesLines.DASH_DASH);
      }
    }
    return chart;
  }

  static CategoryChart lossRatios(List<LossRatio> ratios) {
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
    List<String> years =
        new ArrayList<>(new TreeSet<>(ratios.stream().map(r -> String.valueOf(r.year())).toList()));
    Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    ratios.forEach(
        r ->
            series
                .computeIfAbsent(r.segment(), s -> new TreeMap<>())
                .put(String.valueOf(r.year()), r.ratio()));
    int k = 0;
    for (Map.Entry<String, Map<String, Double>> s : series.entrySet()) {
      List<Number> values =
          years.stream().map(y -> (Number) s.getValue().getOrDefault(y, 0.0)).toList();
      chart.addSeries(s.getKey(), years, values).setFillColor(PALETTE[k++ % PALETTE.length]);
    }
    return chart;
  }

  private static Date date(LocalDate d) {
    return Date.from(d.atStartOfDay(ZoneOffset.UTC).toInstant());
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
}

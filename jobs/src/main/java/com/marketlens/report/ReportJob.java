package com.marketlens.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.report.ReportPage.Figure;
import com.marketlens.schema.GoldTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The report of the gold tables ({@code marketlens report --out DIR --format html,png}). {@code
 * html}: report.html, one self-contained interactive page (ECharts, data inlined). {@code png}:
 * each chart as a PNG for e-mail and docs, and report-png.html with them inlined. The gold tables
 * are aggregates, so the few thousand points a chart needs are collected to the driver; nothing
 * row-level is.
 */
public final class ReportJob extends PipelineJob {

  private static final Logger LOG = LogManager.getLogger(ReportJob.class);

  /** What {@code --format} can ask for. */
  public enum Format {
    html,
    png
  }

  /** The interactive page's file name. */
  public static final String PAGE = "report.html";

  /** The page of the PNG charts. */
  public static final String PNG_PAGE = "report-png.html";

  public ReportJob(JobContext job) {
    super(job);
  }

  /** Writes the report into {@code out} in each of {@code formats}; returns the files written. */
  public List<Path> run(Path out, Set<Format> formats) {
    ReportData data = new ReportData(spark, warehouse, contracts);
    data.requireTables();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(out);
      if (formats.contains(Format.html)) {
        ObjectNode model = ReportModel.of(data, runId, conf.runDate(), conf.minCohortSize());
        written.add(writePage(out, PAGE, InteractivePage.html(model)));
      }
      if (formats.contains(Format.png)) {
        written.addAll(pngs(out, data));
      }
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The charts as PNGs (XChart) and report-png.html; returns the PNG files. */
  private List<Path> pngs(Path out, ReportData data) throws IOException {
    System.setProperty("java.awt.headless", "true");
    // Tables without rows (one market only, a backfill before a dataset's first scrape) get no
    // chart: the page lists them with the reason their gold run recorded.
    Map<String, String> empty = data.emptyTables();
    List<Figure> figures = new ArrayList<>();
    int minCohort = conf.minCohortSize();
    for (String site : data.retentionSites()) {
      List<ReportData.RetentionCell> cells = data.retention(site, minCohort);
      figures.add(
          save(
              out,
              "retention_" + site,
              ReportCharts.retentionHeatmap(site, cells, minCohort),
              "Cohort retention, " + site,
              "Share of each monthly signup cohort active N months later (all segments and"
                  + " channels); cohorts under "
                  + minCohort
                  + " users (marketlens.report.min-cohort-size) and periods not over at the run"
                  + " date are grey."));
      figures.add(
          save(
              out,
              "retention_curves_" + site,
              ReportCharts.retentionCurves(site, cells, minCohort, 2),
              "Retention curves with their uncertainty, " + site,
              "The two largest monthly cohorts: retention by month since signup with its 95%"
                  + " Wilson score interval (dotted)."));
    }
    for (String site : data.growthSites()) {
      List<ReportData.WeeklyTraffic> weekly = data.weeklyTraffic(site);
      figures.add(
          save(
              out,
              "growth_" + site,
              ReportCharts.growthCurve(
                  site,
                  weekly,
                  data.ceiling(site),
                  weekly.isEmpty() ? null : data.firstTrafficDay(site),
                  data.events(site)),
              "Daily login IPs and the fitted ceiling, " + site,
              "Weekly mean of daily IPs, the chosen saturation model, its ceiling K with the 90%"
                  + " interval, the configured thresholds and the market events of the site or"
                  + " the whole market."));
      figures.add(
          save(
              out,
              "backtest_" + site,
              ReportCharts.backtest(site, data.backtest(site), data.backtestSummary(site)),
              "When the ceiling could be known, " + site,
              "The ceiling fitted on the daily IPs up to each month end (growth_ceiling_backtest):"
                  + " filled when identified, grey when not, with its 90% interval; the final K"
                  + " and the first month end from which K stayed identified within 10% of it."));
    }
    if (!empty.containsKey(GoldTables.UNIT_ECONOMICS_MONTHLY)) {
      for (String product : List.of("cdn", "bandwidth")) {
        figures.add(
            save(
                out,
                "price_vs_cost_" + product,
                ReportCharts.priceVersusCost(
                    product,
                    "cn-east",
                    data.prices(product, "cn-east"),
                    data.priceWars(product, "cn-east")),
                "Effective price and unit cost, " + product + " in cn-east",
                "Median effective price (solid) and unit cost (dashed) per vendor; shaded:"
                    + " price-war periods."));
      }
    }
    if (!empty.containsKey(GoldTables.VENDOR_SEGMENT_LOSS)) {
      figures.add(
          save(
              out,
              "loss_ratio",
              ReportCharts.lossRatios(data.lossRatios()),
              "Loss ratio by vendor, segment and year",
              "Loss ratio = max(0, -gross margin) of each reported segment per year."));
    }
    writePage(
        out, PNG_PAGE, ReportPage.html(out, runId, conf.runDate(), figures, empty, data.impacts()));
    return figures.stream().map(f -> out.resolve(f.file())).toList();
  }

  /** Writes a page beside its final name, then moves it: a reader never opens half a page. */
  private static Path writePage(Path out, String name, String html) throws IOException {
    Path page = out.resolve(name);
    Path partial = out.resolve(name + ".partial");
    Files.writeString(partial, html, StandardCharsets.UTF_8);
    Files.move(partial, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    LOG.info("report: wrote {}", name);
    return page;
  }

  private static Figure save(Path out, String name, Chart<?, ?> chart, String title, String caption)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    LOG.info("report: wrote {}.png", name);
    return new Figure(name + ".png", title, caption);
  }
}

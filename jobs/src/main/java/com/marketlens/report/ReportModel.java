package com.marketlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.report.ReportData.GrowthSeries;
import com.marketlens.report.ReportData.SeriesPoint;
import com.marketlens.schema.GoldTables;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The interactive report's data: one JSON document, embedded in the page, that report.js draws
 * every chart from. Dates are ISO strings, points are [date, value] pairs, missing values are null
 * (never NaN, which JSON has not). Field names are the page's; docs/report.md lists them.
 */
final class ReportModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportModel() {}

  /** Everything the page shows, read through {@code data}. */
  static ObjectNode of(ReportData data, String runId, LocalDate runDate, int minCohortSize) {
    ObjectNode root = JSON.createObjectNode();
    root.put("report_run_id", runId);
    root.put("report_run_date", String.valueOf(runDate));
    root.put("min_cohort_size", minCohortSize);
    root.set("overview", overview(data));
    ObjectNode empty = root.putObject("empty_tables");
    Map<String, String> emptyTables = data.emptyTables();
    emptyTables.forEach(empty::put);

    ArrayNode sites = root.putArray("sites");
    Map<String, List<GrowthSeries>> growth = data.growthSeries();
    TreeSet<String> names = new TreeSet<>(data.retentionSites());
    names.addAll(growth.keySet());
    List<ReportData.Event> noEvents = List.of();
    for (String site : names) {
      ObjectNode s = sites.addObject();
      s.put("site", site);
      s.set("retention", retention(data.retention(site, minCohortSize)));
      s.set("accounting", accounting(data.accounting(site)));
      ArrayNode series = s.putArray("series");
      for (GrowthSeries g : growth.getOrDefault(site, List.of())) {
        series.add(series(g));
      }
      s.set("backtest", backtest(data, site));
      ArrayNode events = s.putArray("events");
      for (ReportData.Event e : growth.containsKey(site) ? data.events(site) : noEvents) {
        events.addObject().put("date", e.date().toString()).put("event", e.name());
      }
    }
    if (!emptyTables.containsKey(GoldTables.UNIT_ECONOMICS_MONTHLY)) {
      root.set("prices", prices(data));
    } else {
      root.putArray("prices");
    }
    root.set("wars", wars(data.wars()));
    root.set("exits", exits(data.exits()));
    root.set("segments", segments(data.segmentYears()));
    root.set("impacts", impacts(data.impacts()));
    return root;
  }

  private static ObjectNode overview(ReportData data) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode datasets = o.putArray("datasets");
    for (ReportData.DatasetRows d : data.datasetRows()) {
      ObjectNode n = datasets.addObject();
      n.put("dataset", d.dataset());
      n.put("silver_rows", d.silverRows());
      n.put("quarantined", d.quarantined());
      long kept = d.silverRows() + d.quarantined();
      n.put("quarantine_share", kept == 0 ? 0 : (double) d.quarantined() / kept);
      ObjectNode reasons = n.putObject("top_reasons");
      d.reasons().forEach(reasons::put);
    }
    ReportData.LatestRun run = data.latestRun();
    o.put("run_id", run.runId());
    o.put("run_date", run.runDate() == null ? null : run.runDate().toString());
    ArrayNode stages = o.putArray("stages");
    for (ReportData.StageTime t : run.stages()) {
      stages
          .addObject()
          .put("stage", t.stage())
          .put("items", t.items())
          .put("succeeded", t.succeeded())
          .put("skipped", t.skipped())
          .put("rows_read", t.rowsRead())
          .put("seconds", t.seconds());
    }
    return o;
  }

  /** Cohorts (label, size, shown) and cells [period, cohort index, rate, low, high, complete]. */
  private static ObjectNode retention(List<ReportData.RetentionCell> cells) {
    ObjectNode r = JSON.createObjectNode();
    ArrayNode cohorts = r.putArray("cohorts");
    ArrayNode out = r.putArray("cells");
    // Each cohort's index in "cohorts", in the order the cohorts first appear.
    Map<String, Integer> index = new HashMap<>();
    for (ReportData.RetentionCell c : cells) {
      if (!index.containsKey(c.cohort())) {
        index.put(c.cohort(), index.size());
        cohorts
            .addObject()
            .put("cohort", c.cohort().substring(0, 7))
            .put("size", c.size())
            .put("shown", c.shown());
      }
      out.addArray()
          .add(c.period())
          .add(index.get(c.cohort()))
          .add(c.rate())
          .add(c.low())
          .add(c.high())
          .add(c.complete());
    }
    return r;
  }

  private static ArrayNode accounting(List<ReportData.Accounting> months) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.Accounting m : months) {
      ObjectNode n = a.addObject();
      n.put("month", m.month().toString());
      n.put("mau", m.mau());
      n.put("new", m.newUsers());
      n.put("retained", m.retained());
      n.put("resurrected", m.resurrected());
      n.put("churned", m.churned());
      n.put("quick_ratio", m.quickRatio());
    }
    return a;
  }

  /**
   * A series with its fitted curve evaluated at each of its dates; time counts in days from the
   * series' first point, as the fits count it (SeriesAnalyzer).
   */
  private static ObjectNode series(GrowthSeries g) {
    ObjectNode n = JSON.createObjectNode();
    n.put("series", g.series());
    n.put("status", g.status());
    n.put("model", g.model() == null ? null : g.model().code());
    n.put("identified", g.identified());
    n.put("ceiling", g.k());
    n.put("ceiling_lower", g.lower());
    n.put("ceiling_upper", g.upper());
    n.put("inflection_on", string(g.inflectionOn()));
    n.put("ceiling_reached_on", string(g.reachedOn()));
    n.put("growth_break_on", string(g.breakOn()));
    ObjectNode crossings = n.putObject("threshold_crossings");
    g.crossings().forEach((t, d) -> crossings.put(t, string(d)));
    ArrayNode points = n.putArray("points");
    ArrayNode fitted = n.putArray("fitted");
    LocalDate first = g.points().isEmpty() ? null : g.points().get(0).date();
    boolean fit = g.model() != null && !g.parameters().isEmpty();
    for (SeriesPoint p : g.points()) {
      points.addArray().add(p.date().toString()).add(p.value());
      if (fit) {
        double t = ChronoUnit.DAYS.between(first, p.date());
        double y = g.model().value(g.parameters(), t);
        if (Double.isFinite(y)) {
          fitted.addArray().add(p.date().toString()).add(y);
        }
      }
    }
    return n;
  }

  private static ObjectNode backtest(ReportData data, String site) {
    ObjectNode b = JSON.createObjectNode();
    ArrayNode points = b.putArray("points");
    for (ReportData.BacktestPoint p : data.backtest(site)) {
      points
          .addArray()
          .add(p.cutoff().toString())
          .add(p.k())
          .add(p.lower())
          .add(p.upper())
          .add(p.identified());
    }
    data.backtestSummary(site)
        .ifPresent(
            s -> {
              b.put("final_ceiling", s.finalK());
              b.put("first_identified_on", string(s.firstIdentifiedOn()));
              b.put("identified_lead_days", s.leadDays());
            });
    return b;
  }

  /** [product, region, vendor, month, price, cost, below cost] rows. */
  private static ArrayNode prices(ReportData data) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.VendorMonth v : data.vendorMonths()) {
      a.addArray()
          .add(v.product())
          .add(v.region())
          .add(v.vendor())
          .add(v.month().toString())
          .add(v.price())
          .add(v.cost())
          .add(v.belowCost());
    }
    return a;
  }

  private static ArrayNode wars(List<ReportData.War> wars) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.War w : wars) {
      ObjectNode n = a.addObject();
      n.put("product", w.product());
      n.put("region", w.region());
      n.put("start_month", w.start().toString());
      n.put("end_month", w.end().toString());
      ArrayNode below = n.putArray("vendors_below_cost");
      w.belowCost().forEach(below::add);
    }
    return a;
  }

  private static ArrayNode exits(List<ReportData.Exit> exits) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.Exit e : exits) {
      a.addObject()
          .put("vendor", e.vendor())
          .put("product", e.product())
          .put("last_month", e.lastMonth().toString())
          .put("exit_basis", e.basis())
          .put("exit_event", e.event())
          .put("at_break_even", e.atBreakEven());
    }
    return a;
  }

  private static ArrayNode segments(List<ReportData.SegmentYear> years) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.SegmentYear y : years) {
      a.addObject()
          .put("vendor", y.vendor())
          .put("segment", y.segment())
          .put("year", y.year())
          .put("loss_ratio", y.lossRatio())
          .put("is_revenue_peak", y.revenuePeak());
    }
    return a;
  }

  private static ArrayNode impacts(List<ReportData.Impact> impacts) {
    ArrayNode a = JSON.createArrayNode();
    for (ReportData.Impact i : impacts) {
      a.addObject()
          .put("site", i.site())
          .put("series", i.series())
          .put("event_on", i.on().toString())
          .put("event", i.event())
          .put("slope_before", i.slopeBefore())
          .put("slope_after", i.slopeAfter())
          .put("slope_change", i.slopeChange())
          .put("p_value", i.pValue())
          .put("status", i.status());
    }
    return a;
  }

  private static String string(LocalDate d) {
    return d == null ? null : d.toString();
  }
}

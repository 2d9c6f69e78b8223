package com.marketlens.gold.growth;

import com.marketlens.config.Settings;
import com.marketlens.error.Errors;
import com.marketlens.gold.GoldJob;
import com.marketlens.gold.growth.CohortMetrics.Grain;
import com.marketlens.io.AuditLog;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.Persisted;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver users, activity, traffic and market events to the eight SNS growth tables (definitions:
 * docs/metrics.md#sns-growth). The activity is read through {@link ActiveHistories}, one row per
 * user with their active periods, kept up to date from the activity's changes: a daily run reads
 * the day's events, not the history. Those rows are persisted and feed both the cohorts and the
 * growth accounting; the tables themselves are rebuilt from them.
 */
public final class GrowthJob extends GoldJob {

  /** The silver datasets the job cannot be built without; market events are optional. */
  public static final List<String> NEEDS =
      List.of(Datasets.SNS_USERS, Datasets.SNS_ACTIVITY, Datasets.SITE_TRAFFIC);

  public GrowthJob(JobContext job) {
    super(
        job,
        "growth",
        GoldTables.GROWTH,
        NEEDS,
        List.of(Datasets.MARKET_EVENTS),
        "MarketLens SNS growth gold tables");
  }

  @Override
  protected List<StageReport> build(AuditLog audit) {
    List<String> events = conf.activeEvents();
    List<String> known = contracts.input(Datasets.SNS_ACTIVITY).column("event_type").allowed();
    for (String e : events) {
      if (!known.contains(e)) {
        throw Errors.badOption(
            Settings.ACTIVE_EVENTS.key(),
            e,
            "event types of sns_activity: " + String.join(", ", known));
      }
    }
    Grain grain = grain();
    // Every table needs users and their activity; the panel traffic and the market events are
    // optional (without them there is no daily-IP series and no preceding event).
    Optional<String> why = unavailable(Datasets.SNS_USERS, Datasets.SNS_ACTIVITY);
    if (why.isPresent()) {
      return skipped(
          audit,
          why.get(),
          GoldTables.COHORT_RETENTION,
          GoldTables.GROWTH_ACCOUNTING,
          GoldTables.CHANNEL_GROWTH,
          GoldTables.GROWTH_MODEL_FITS,
          GoldTables.GROWTH_CEILINGS,
          GoldTables.GROWTH_CEILING_BACKTEST,
          GoldTables.GROWTH_CHANGEPOINTS,
          GoldTables.MARKET_EVENT_IMPACT);
    }
    Dataset<Row> users = silver(Datasets.SNS_USERS);
    try (Persisted cached = new Persisted()) {
      Dataset<Row> monthlyHistories = cached.keep(histories(events, Grain.MONTH));
      Dataset<Row> monthly =
          cached.keep(
              CohortMetrics.cohortRetention(
                  spark, users, monthlyHistories, Grain.MONTH, conf.runDate()));
      Dataset<Row> retention =
          grain == Grain.MONTH
              ? monthly
              : CohortMetrics.cohortRetention(
                  spark, users, cached.keep(histories(events, grain)), grain, conf.runDate());
      Dataset<Row> accounting = cached.keep(CohortMetrics.growthAccounting(monthlyHistories));
      List<StageReport> reports = new ArrayList<>();
      reports.add(write(audit, GoldTables.COHORT_RETENTION, retention));
      reports.add(write(audit, GoldTables.GROWTH_ACCOUNTING, accounting));
      reports.add(
          write(audit, GoldTables.CHANNEL_GROWTH, CohortMetrics.channelGrowth(users, monthly)));
      Dataset<Row> series =
          cached.keep(GrowthCurves.series(silverOrEmpty(Datasets.SITE_TRAFFIC), accounting, users));
      Dataset<Row> marketEvents = silverOrEmpty(Datasets.MARKET_EVENTS);
      // The fits are the expensive part: computed once (every cutoff of every series whose points
      // changed since the last build), read by four tables.
      Dataset<Row> analyses =
          new AnalysisCache(
                  spark,
                  contracts.system(AnalysisCache.TABLE),
                  warehouse.system(AnalysisCache.TABLE),
                  !conf.fullRefresh())
              .analyses(
                  cached,
                  series,
                  conf.thresholds(),
                  conf.ceilingHoldDays(),
                  conf.bootstrapSamples());
      reports.add(write(audit, GoldTables.GROWTH_MODEL_FITS, GrowthCurves.modelFits(analyses)));
      reports.add(
          write(
              audit,
              GoldTables.GROWTH_CEILINGS,
              GrowthCurves.ceilings(analyses, marketEvents, conf.eventWindowDays())));
      reports.add(
          write(audit, GoldTables.GROWTH_CEILING_BACKTEST, GrowthCurves.backtest(analyses)));
      reports.add(
          write(audit, GoldTables.GROWTH_CHANGEPOINTS, GrowthCurves.changePoints(analyses)));
      reports.add(
          write(
              audit,
              GoldTables.MARKET_EVENT_IMPACT,
              GrowthCurves.eventImpacts(series, marketEvents, conf.impactWindowDays())));
      return reports;
    }
  }

  /**
   * cohort_retention's period_complete turns true when the run date leaves a period, so the tables
   * depend on the period holding the run date as well as on silver.
   */
  @Override
  protected String runDateDependence() {
    return "open-period=" + grain().startOf(conf.runDate());
  }

  private Grain grain() {
    return Grain.valueOf(conf.cohortGrain().toUpperCase(Locale.ROOT));
  }

  /** Each user's active periods, from the state kept up to date with silver activity. */
  private Dataset<Row> histories(List<String> events, Grain grain) {
    return new ActiveHistories(
            spark, warehouse, contracts.system("active_histories"), events, grain)
        .current();
  }
}

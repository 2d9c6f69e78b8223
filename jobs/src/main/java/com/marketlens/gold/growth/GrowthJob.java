package com.marketlens.gold.growth;

import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.config.Settings;
import com.marketlens.gold.GoldJob;
import com.marketlens.gold.growth.CohortMetrics.Grain;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver users, activity and traffic to the six SNS growth tables (definitions:
 * docs/metrics.md#sns-growth). The activity table is scanned once per grain: each user's active
 * periods are persisted (one row per user) and feed both the cohorts and the growth accounting.
 */
public final class GrowthJob extends GoldJob {

  public GrowthJob(JobContext job) {
    super(job);
  }

  @Override
  public List<StageReport> run(AuditLog audit) {
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
    Grain grain = Grain.valueOf(conf.cohortGrain().toUpperCase(Locale.ROOT));
    spark.sparkContext().setJobGroup("gold:growth", "MarketLens SNS growth gold tables", false);
    // Every table needs users and their activity; the panel traffic and the market events are
    // optional
    // (without them there is no daily-IP series and no preceding event).
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
          GoldTables.GROWTH_CHANGEPOINTS);
    }
    Dataset<Row> users = silver(Datasets.SNS_USERS);
    Dataset<Row> activity = silver(Datasets.SNS_ACTIVITY);
    List<Dataset<Row>> cached = new ArrayList<>();
    Dataset<Row> monthlyHistories =
        keep(cached, CohortMetrics.activeHistories(activity, events, Grain.MONTH));
    Dataset<Row> monthly =
        keep(cached, CohortMetrics.cohortRetention(spark, users, monthlyHistories, Grain.MONTH));
    Dataset<Row> retention =
        grain == Grain.MONTH
            ? monthly
            : CohortMetrics.cohortRetention(
                spark,
                users,
                keep(cached, CohortMetrics.activeHistories(activity, events, grain)),
                grain);
    Dataset<Row> accounting = keep(cached, CohortMetrics.growthAccounting(monthlyHistories));
    List<StageReport> reports = new ArrayList<>();
    try {
      reports.add(write(audit, GoldTables.COHORT_RETENTION, retention));
      reports.add(write(audit, GoldTables.GROWTH_ACCOUNTING, accounting));
      reports.add(
          write(audit, GoldTables.CHANNEL_GROWTH, CohortMetrics.channelGrowth(users, monthly)));
      // The fits are the expensive part: computed once, read by three tables.
      Dataset<Row> analyses =
          keep(
              cached,
              GrowthCurves.analyses(
                  GrowthCurves.series(silverOrEmpty(Datasets.SITE_TRAFFIC), accounting, users),
                      conf.thresholds(),
                  conf.ceilingHoldDays(), conf.bootstrapSamples()));
      reports.add(write(audit, GoldTables.GROWTH_MODEL_FITS, GrowthCurves.modelFits(analyses)));
      reports.add(
          write(
              audit,
              GoldTables.GROWTH_CEILINGS,
              GrowthCurves.ceilings(
                  analyses, silverOrEmpty(Datasets.MARKET_EVENTS), conf.eventWindowDays())));
      reports.add(
          write(audit, GoldTables.GROWTH_CHANGEPOINTS, GrowthCurves.changePoints(analyses)));
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    return reports;
  }

  private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> rows) {
    Dataset<Row> persisted = rows.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(persisted);
    return persisted;
  }
}

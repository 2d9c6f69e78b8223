package com.marketlens.gold.pricewar;

import com.marketlens.gold.GoldJob;
import com.marketlens.io.AuditLog;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.Persisted;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Silver cloud tables to the six price-war gold tables (definitions: docs/metrics.md). */
public final class PriceWarJob extends GoldJob {

  /**
   * The silver datasets a run's input must hold for the run to build this job. Within it each table
   * is built when its own data exist (see build); market events are optional.
   */
  public static final List<String> NEEDS =
      List.of(Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS);

  public PriceWarJob(JobContext job) {
    super(
        job,
        "pricewar",
        GoldTables.PRICE_WAR,
        NEEDS,
        List.of(Datasets.MARKET_EVENTS),
        "MarketLens price-war gold tables");
  }

  @Override
  protected List<StageReport> build(AuditLog audit) {
    List<StageReport> reports = new ArrayList<>();
    // Prices feed five tables (unit costs and market events are optional: without them costs and
    // announced exits are null); the segment losses come from the financials alone.
    Optional<String> noPrices = unavailable(Datasets.CLOUD_PRICES);
    reports.addAll(
        noPrices.isPresent()
            ? skipped(
                audit,
                noPrices.get(),
                GoldTables.PRICE_INDEX_MONTHLY,
                GoldTables.UNIT_ECONOMICS_MONTHLY,
                GoldTables.PRICE_WAR_PERIODS,
                GoldTables.VENDOR_EXITS,
                GoldTables.VENDOR_SURVIVAL)
            : priceTables(audit));
    Optional<String> noFinancials = unavailable(Datasets.CLOUD_FINANCIALS);
    reports.addAll(
        noFinancials.isPresent()
            ? skipped(audit, noFinancials.get(), GoldTables.VENDOR_SEGMENT_LOSS)
            : List.of(
                write(
                    audit,
                    GoldTables.VENDOR_SEGMENT_LOSS,
                    PriceWarMetrics.segmentLoss(silver(Datasets.CLOUD_FINANCIALS)))));
    return reports;
  }

  private List<StageReport> priceTables(AuditLog audit) {
    try (Persisted cached = new Persisted()) {
      Dataset<Row> observations = PriceWarMetrics.observations(silver(Datasets.CLOUD_PRICES));
      Dataset<Row> costs = silverOrEmpty(Datasets.CLOUD_UNIT_COSTS);
      Dataset<Row> priceIndex = cached.keep(PriceWarMetrics.priceIndex(observations));
      Dataset<Row> economics = cached.keep(PriceWarMetrics.unitEconomics(priceIndex, costs));
      Dataset<Row> market =
          cached.keep(PriceWarMetrics.marketMonths(observations, costs, conf.priceDropShare()));
      // Written as a table and read again by vendor_survival: computed once.
      Dataset<Row> exits =
          cached.keep(
              PriceWarMetrics.vendorExits(
                  economics,
                  PriceWarMetrics.exitEvents(silverOrEmpty(Datasets.MARKET_EVENTS)),
                  conf.exitMonths(),
                  conf.breakEvenBand()));
      List<StageReport> reports = new ArrayList<>();
      reports.add(write(audit, GoldTables.PRICE_INDEX_MONTHLY, priceIndex));
      reports.add(write(audit, GoldTables.UNIT_ECONOMICS_MONTHLY, economics));
      reports.add(
          write(
              audit,
              GoldTables.PRICE_WAR_PERIODS,
              PriceWarMetrics.priceWarPeriods(market, economics, priceIndex)));
      reports.add(write(audit, GoldTables.VENDOR_EXITS, exits));
      reports.add(
          write(
              audit,
              GoldTables.VENDOR_SURVIVAL,
              PriceWarMetrics.vendorSurvival(economics, market, exits)));
      return reports;
    }
  }
}

package com.marketlens.gold.pricewar;

import com.marketlens.JobContext;
import com.marketlens.gold.GoldJob;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** Silver cloud tables to the six price-war gold tables (definitions: docs/metrics.md). */
public final class PriceWarJob extends GoldJob {

  public PriceWarJob(JobContext job) {
    super(job);
  }

  @Override
  public List<StageReport> run(AuditLog audit) {
    requireSilver("price-war", Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS);
    spark.sparkContext().setJobGroup("gold:pricewar", "MarketLens price-war gold tables", false);
    Dataset<Row> observations = PriceWarMetrics.observations(silver(Datasets.CLOUD_PRICES));
    Dataset<Row> costs = silver(Datasets.CLOUD_UNIT_COSTS);
    Dataset<Row> priceIndex = PriceWarMetrics.priceIndex(observations).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> economics = PriceWarMetrics.unitEconomics(priceIndex, costs).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> market = PriceWarMetrics.marketMonths(observations, costs, conf.priceDropShare())
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Written as a table and read again by vendor_survival: computed once.
    Dataset<Row> exits = PriceWarMetrics.vendorExits(economics, PriceWarMetrics.exitEvents(silverOrEmpty(Datasets.MARKET_EVENTS)),
        conf.exitMonths(), conf.breakEvenBand()).persist(StorageLevel.MEMORY_AND_DISK());
    List<StageReport> reports = new ArrayList<>();
    try {
      reports.add(write(audit, GoldTables.PRICE_INDEX_MONTHLY, priceIndex));
      reports.add(write(audit, GoldTables.UNIT_ECONOMICS_MONTHLY, economics));
      reports.add(write(audit, GoldTables.PRICE_WAR_PERIODS, PriceWarMetrics.priceWarPeriods(market, economics, priceIndex)));
      reports.add(write(audit, GoldTables.VENDOR_SEGMENT_LOSS, PriceWarMetrics.segmentLoss(silver(Datasets.CLOUD_FINANCIALS))));
      reports.add(write(audit, GoldTables.VENDOR_EXITS, exits));
      reports.add(write(audit, GoldTables.VENDOR_SURVIVAL, PriceWarMetrics.vendorSurvival(economics, market, exits)));
    } finally {
      priceIndex.unpersist();
      economics.unpersist();
      market.unpersist();
      exits.unpersist();
    }
    return reports;
  }
}

package com.marketlens.gold.pricewar;

import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.PipelineJob;
import com.marketlens.io.DeltaTables;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver cloud tables to the six price-war gold tables (definitions: docs/metrics.md). Each table is
 * rebuilt from silver and replaced in one Delta transaction, so a rerun writes the same rows. In the audit
 * table a gold row counts the rows the table was rebuilt with (read = loaded: an aggregate drops nothing).
 */
public final class PriceWarJob extends PipelineJob {

  public PriceWarJob(JobContext job) {
    super(job);
  }

  public List<StageReport> run() {
    for (String needed : List.of(Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS)) {
      if (!DeltaTables.exists(spark, warehouse.silver(needed))) {
        throw Errors.missingUpstream(warehouse.silver(needed), "the price-war tables are built from it");
      }
    }
    spark.sparkContext().setJobGroup("gold:pricewar", "MarketLens price-war gold tables", false);
    Dataset<Row> observations = PriceWarMetrics.observations(silver(Datasets.CLOUD_PRICES));
    Dataset<Row> costs = silver(Datasets.CLOUD_UNIT_COSTS);
    Dataset<Row> priceIndex = PriceWarMetrics.priceIndex(observations).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> economics = PriceWarMetrics.unitEconomics(priceIndex, costs).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> market = PriceWarMetrics.marketMonths(observations, costs, conf.priceDropShare())
        .persist(StorageLevel.MEMORY_AND_DISK());
    // Written as a table and read again by vendor_survival: computed once.
    Dataset<Row> exits = PriceWarMetrics.vendorExits(economics, PriceWarMetrics.exitEvents(marketEvents()),
        conf.exitMonths(), conf.breakEvenBand()).persist(StorageLevel.MEMORY_AND_DISK());
    AuditLog audit = job.audit();
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

  /** Market events, for explicit exits; none when the dataset was never refined. */
  private Dataset<Row> marketEvents() {
    String path = warehouse.silver(Datasets.MARKET_EVENTS);
    return DeltaTables.exists(spark, path)
        ? silver(Datasets.MARKET_EVENTS)
        : spark.createDataFrame(List.of(), contracts.silver(Datasets.MARKET_EVENTS).sparkSchema());
  }

  private Dataset<Row> silver(String dataset) {
    return spark.read().format("delta").load(warehouse.silver(dataset));
  }

  private StageReport write(AuditLog audit, String table, Dataset<Row> rows) {
    return audit.audited("gold", table, () -> {
      Instant start = Instant.now();
      Contract contract = contracts.gold(table);
      DeltaTables.overwrite(spark, contract.conform(rows), warehouse.gold(table), contract.sparkSchema());
      long written = DeltaTables.lastCommitOutputRows(spark, warehouse.gold(table));
      return new StageReport(runId, conf.runDate(), "gold", table, 0, 0, written, written, Map.of(), 0, start,
          Instant.now(), "succeeded", null);
    });
  }
}

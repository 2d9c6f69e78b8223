package com.marketlens.gold;

import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.PipelineJob;
import com.marketlens.io.DeltaTables;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the gold jobs share: their silver inputs and the write of a gold table. Each gold table is rebuilt
 * from silver and replaced in one Delta transaction, so a rerun writes the same rows and a failed write
 * leaves the previous version. In the audit table a gold row counts the rows the table was rebuilt with
 * (read = loaded: an aggregate drops nothing).
 */
public abstract class GoldJob extends PipelineJob {

  protected GoldJob(JobContext job) {
    super(job);
  }

  /** Builds the job's tables and writes their audit rows. */
  public final List<StageReport> run() {
    try (AuditLog audit = job.audit()) {
      return run(audit);
    }
  }

  /** Builds the job's tables, recording each in {@code audit} (shared when gold jobs run concurrently). */
  public abstract List<StageReport> run(AuditLog audit);

  /** Fails fast, before any gold table is touched, when a silver input was never built. */
  protected void requireSilver(String tables, String... datasets) {
    for (String needed : datasets) {
      if (!DeltaTables.exists(spark, warehouse.silver(needed))) {
        throw Errors.missingUpstream(warehouse.silver(needed), "the " + tables + " tables are built from it");
      }
    }
  }

  protected Dataset<Row> silver(String dataset) {
    return spark.read().format("delta").load(warehouse.silver(dataset));
  }

  /** A silver table, or an empty one with its contract's columns when it was never built. */
  protected Dataset<Row> silverOrEmpty(String dataset) {
    return DeltaTables.exists(spark, warehouse.silver(dataset))
        ? silver(dataset)
        : spark.createDataFrame(java.util.List.of(), contracts.silver(dataset).sparkSchema());
  }

  protected StageReport write(AuditLog audit, String table, Dataset<Row> rows) {
    return audit.audited("gold", table, () -> {
      Instant start = Instant.now();
      Contract contract = contracts.gold(table);
      DeltaTables.overwrite(
          spark, contract.conform(rows), warehouse.gold(table), contract.sparkSchema(), contract.statsColumns());
      long written = DeltaTables.lastCommitOutputRows(spark, warehouse.gold(table));
      return new StageReport(runId, conf.runDate(), "gold", table, 0, 0, written, written, Map.of(), 0, start,
          Instant.now(), "succeeded", null);
    });
  }
}

package com.marketlens.gold;

import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.JobGroup;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the gold jobs share: their silver inputs and the write of a gold table. Each gold table is
 * rebuilt from silver and replaced in one Delta transaction, so a rerun writes the same rows and a
 * failed write leaves the previous version. In the audit table a gold row counts the rows the table
 * was rebuilt with (read = loaded: an aggregate drops nothing).
 */
public abstract class GoldJob extends PipelineJob {

  private static final Logger LOG = LogManager.getLogger(GoldJob.class);

  /** Per silver input, why it is unusable (empty when usable); asked once per job. */
  private final Map<String, Optional<String>> inputState = new ConcurrentHashMap<>();

  private final String jobGroup;
  private final String description;

  /** {@code jobGroup} and {@code description} name the job's Spark jobs (UI, event log). */
  protected GoldJob(JobContext job, String jobGroup, String description) {
    super(job);
    this.jobGroup = jobGroup;
    this.description = description;
  }

  /** Builds the job's tables and writes their audit rows. */
  public final List<StageReport> run() {
    try (AuditLog audit = job.audit()) {
      return run(audit);
    }
  }

  /**
   * Builds the job's tables, recording each in {@code audit} (shared when gold jobs run
   * concurrently).
   */
  public final List<StageReport> run(AuditLog audit) {
    return JobGroup.with(spark.sparkContext(), jobGroup, description, () -> build(audit));
  }

  /** Builds the job's tables, recording each in {@code audit}. */
  protected abstract List<StageReport> build(AuditLog audit);

  /**
   * Why the tables built from {@code datasets} cannot be built now: the first of them whose silver
   * table is missing or has no rows, said as it is; empty when every one has rows. A team may
   * scrape one market only, and a backfill may predate a dataset's first scrape: such tables are
   * written empty (see {@link #skipped}), not failed.
   */
  protected Optional<String> unavailable(String... datasets) {
    for (String dataset : datasets) {
      Optional<String> why = inputState.computeIfAbsent(dataset, this::whyEmpty);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  private Optional<String> whyEmpty(String dataset) {
    String path = warehouse.silver(dataset);
    if (!DeltaTables.exists(spark, path)) {
      return Optional.of(
          DeltaTables.exists(spark, warehouse.bronze(dataset))
              ? String.format("silver %s has not been refined yet (run refine)", dataset)
              : String.format(
                  "no %s files scraped on or before %s have been ingested",
                  dataset, conf.runDate()));
    }
    // Asked once per input and job; Delta answers a plain count from the row counts in its log.
    return silver(dataset).count() == 0
        ? Optional.of(String.format("silver %s is empty", dataset))
        : Optional.empty();
  }

  /**
   * Writes each of {@code tables} empty, with its contract's schema (BI views and the report keep
   * working on it), and reports it skipped with the reason; one WARN line per table.
   */
  protected List<StageReport> skipped(AuditLog audit, String why, String... tables) {
    List<StageReport> reports = new ArrayList<>();
    for (String table : tables) {
      reports.add(
          audit.audited(
              "gold",
              table,
              () -> {
                Instant start = Instant.now();
                Contract contract = contracts.gold(table);
                String path = warehouse.gold(table);
                if (DeltaTables.exists(spark, path)) {
                  DeltaTables.overwrite(
                      spark,
                      spark.createDataFrame(List.of(), contract.sparkSchema()),
                      path,
                      contract.sparkSchema(),
                      contract.statsColumns());
                } else {
                  DeltaTables.createIfMissing(
                      spark, path, contract.sparkSchema(), contract.statsColumns());
                }
                LOG.warn("gold table {} written empty: {}", table, why);
                return StageReport.skipped(runId, conf.runDate(), "gold", table, start, why);
              }));
    }
    return reports;
  }

  protected Dataset<Row> silver(String dataset) {
    return DeltaTables.read(spark, warehouse.silver(dataset));
  }

  /** A silver table, or an empty one with its contract's columns when it was never built. */
  protected Dataset<Row> silverOrEmpty(String dataset) {
    return DeltaTables.exists(spark, warehouse.silver(dataset))
        ? silver(dataset)
        : spark.createDataFrame(List.of(), contracts.silver(dataset).sparkSchema());
  }

  protected StageReport write(AuditLog audit, String table, Dataset<Row> rows) {
    return audit.audited(
        "gold",
        table,
        () -> {
          Instant start = Instant.now();
          Contract contract = contracts.gold(table);
          DeltaTables.overwrite(
              spark,
              contract.conform(rows),
              warehouse.gold(table),
              contract.sparkSchema(),
              contract.statsColumns());
          long written = DeltaTables.lastCommitOutputRows(spark, warehouse.gold(table));
          return StageReport.written(runId, conf.runDate(), "gold", table, written, start);
        });
  }
}

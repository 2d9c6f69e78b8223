package com.marketlens.maintenance;

import com.marketlens.config.Settings;
import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.JobGroup;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Table maintenance for the large silver tables: {@code OPTIMIZE ... ZORDER BY} compacts the files
 * the daily MERGEs leave and clusters rows by the configured columns
 * (marketlens.optimize.zorder-by), so each file covers a narrow range of sites and dates and
 * Delta's per-file min/max statistics let a date-range query skip the other files. It rewrites the
 * table (minutes at scale 16), so it is a weekly DAG task, not part of the daily run. Silver tables
 * are not partitioned: at scale 16 a month of activity is about 25 MB, far below the ~1 GB
 * partitions Delta's guidance asks for.
 */
public final class OptimizeJob extends PipelineJob implements Stage {

  private static final Logger LOG = LogManager.getLogger(OptimizeJob.class);
  private static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

  public OptimizeJob(JobContext job) {
    super(job);
  }

  /**
   * Optimizes the configured silver tables among {@code datasets}; checks every column name first.
   */
  @Override
  public List<StageReport> run(List<String> datasets) {
    Map<String, List<String>> zorder = conf.zorderBy();
    zorder.forEach(
        (dataset, columns) -> {
          if (!Datasets.ALL.contains(dataset)) {
            throw Errors.badOption(
                Settings.ZORDER_BY.key(), dataset, "a dataset: " + String.join(", ", Datasets.ALL));
          }
          // Z-ordering sorts files by the columns' min/max statistics, so only columns that have
          // them qualify.
          List<String> withStats = contracts.silver(dataset).statsColumns();
          for (String column : columns) {
            if (!withStats.contains(column)) {
              throw Errors.badOption(
                  Settings.ZORDER_BY.key(),
                  dataset + ":" + column,
                  "a column of silver "
                      + dataset
                      + " with statistics (its key, date and time columns): "
                      + String.join(", ", withStats));
            }
          }
        });
    List<StageReport> reports = new ArrayList<>();
    String previous = spark.conf().get(MAX_FILE_SIZE, null);
    spark.conf().set(MAX_FILE_SIZE, conf.targetFileBytes());
    try (AuditLog audit = job.audit()) {
      for (Map.Entry<String, List<String>> e : zorder.entrySet()) {
        if (!datasets.contains(e.getKey())) {
          continue;
        }
        if (!DeltaTables.exists(spark, warehouse.silver(e.getKey()))) {
          LOG.warn("dataset={}: no silver table yet, nothing to optimize", e.getKey());
          continue;
        }
        reports.add(
            audit.audited(
                "optimize",
                e.getKey(),
                () ->
                    JobGroup.with(
                        spark.sparkContext(),
                        "optimize:" + e.getKey(),
                        "MarketLens optimize silver " + e.getKey(),
                        () -> optimize(e.getKey(), e.getValue()))));
      }
    } finally {
      if (previous == null) {
        spark.conf().unset(MAX_FILE_SIZE);
      } else {
        spark.conf().set(MAX_FILE_SIZE, previous);
      }
    }
    return reports;
  }

  private StageReport optimize(String dataset, List<String> columns) {
    Instant start = Instant.now();
    String path = warehouse.silver(dataset);
    long filesBefore = DeltaTables.numFiles(spark, path);
    // A count over a Delta table is answered from the per-file statistics, without reading the
    // data.
    long rows = DeltaTables.read(spark, path).count();
    DeltaTables.optimizeZOrder(spark, path, columns);
    long filesAfter = DeltaTables.numFiles(spark, path);
    String layout =
        "files "
            + filesBefore
            + " -> "
            + filesAfter
            + ", z-ordered by "
            + String.join(", ", columns);
    return StageReport.optimized(runId, conf.runDate(), dataset, filesBefore, rows, start, layout);
  }
}

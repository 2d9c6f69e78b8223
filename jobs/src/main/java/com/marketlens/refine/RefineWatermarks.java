package com.marketlens.refine;

import com.marketlens.io.KeyedSystemTable;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * How far refine has got, per dataset ({@code system/refine_watermarks}): the bronze version whose
 * rows are all in silver and the version of the upstream silver table they were checked against. A
 * watermark moves only after the dataset's silver, quarantine and state writes have committed, so a
 * run stopped in between refines the same rows again, which changes nothing.
 */
final class RefineWatermarks {

  /**
   * One refine's progress, as recorded, with the rows read and quarantined since the last full
   * refine (its own included).
   */
  record Watermark(
      String bronzeTableId,
      long bronzeVersion,
      String upstreamTableId,
      Long upstreamVersion,
      long rowsRead,
      long rowsQuarantined,
      boolean complete) {}

  /** The silver table a dataset's refine reads, as pinned at the start of the refine. */
  record Upstream(String dataset, String path, String tableId, Long version) {
    boolean exists() {
      return version != null;
    }
  }

  private final KeyedSystemTable table;
  private final String runId;
  private final LocalDate runDate;
  private Map<String, Watermark> recorded;

  /** Watermarks moved by this run, written in one commit when the stage ends. */
  private final Map<String, Row> pending = new LinkedHashMap<>();

  RefineWatermarks(
      SparkSession spark,
      Warehouse warehouse,
      Contracts contracts,
      String runId,
      LocalDate runDate) {
    this.table = new KeyedSystemTable(spark, warehouse, contracts, "refine_watermarks");
    this.runId = runId;
    this.runDate = runDate;
  }

  /** The dataset's watermark as the stage found it (one small table, read once). */
  synchronized Optional<Watermark> read(String dataset) {
    if (recorded == null) {
      recorded = new HashMap<>();
      for (Row r : table.rows()) {
        recorded.put(
            r.getAs("dataset"),
            new Watermark(
                r.getAs("bronze_table_id"),
                r.getAs("bronze_version"),
                r.getAs("upstream_table_id"),
                r.getAs("upstream_version"),
                r.getAs("rows_read"),
                r.getAs("rows_quarantined"),
                r.getAs("complete")));
      }
    }
    return Optional.ofNullable(recorded.get(dataset));
  }

  /**
   * Records at once that the dataset's silver table is about to lose rows a watermark would count
   * as refined (a full refine as of a run date before some bronze rows): should the run stop before
   * {@link #advance}, the next one refines in full.
   */
  synchronized void markIncomplete(
      String dataset, String bronzeTableId, long bronzeVersion, Upstream upstream) {
    table.replace(
        List.of(row(dataset, bronzeTableId, bronzeVersion, upstream, 0, 0, false, "full")));
  }

  /**
   * Moves the dataset's watermark once its silver, quarantine and state writes have committed;
   * written by {@link #flush}. A run stopped before refines the same rows again, which changes
   * nothing.
   */
  synchronized void advance(
      String dataset,
      String bronzeTableId,
      long bronzeVersion,
      Upstream upstream,
      long rowsRead,
      long rowsQuarantined,
      boolean complete,
      String mode) {
    pending.put(
        dataset,
        row(
            dataset,
            bronzeTableId,
            bronzeVersion,
            upstream,
            rowsRead,
            rowsQuarantined,
            complete,
            mode));
  }

  /** Writes the moved watermarks in one MERGE (one row per dataset, replaced). */
  synchronized void flush() {
    if (!pending.isEmpty()) {
      table.replace(List.copyOf(pending.values()));
      pending.clear();
    }
  }

  private Row row(
      String dataset,
      String bronzeTableId,
      long bronzeVersion,
      Upstream upstream,
      long rowsRead,
      long rowsQuarantined,
      boolean complete,
      String mode) {
    return RowFactory.create(
        dataset,
        bronzeTableId,
        bronzeVersion,
        upstream == null ? null : upstream.dataset(),
        upstream == null ? null : upstream.tableId(),
        upstream == null ? null : upstream.version(),
        rowsRead,
        rowsQuarantined,
        complete,
        mode,
        runId,
        runDate,
        Instant.now());
  }
}

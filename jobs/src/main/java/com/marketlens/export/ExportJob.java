package com.marketlens.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.StagedExports;
import com.marketlens.pipeline.Concurrently;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.ColumnSpec;
import com.marketlens.schema.Contract;
import com.marketlens.schema.ExportSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Gold tables to Parquet for BI tools (docs/bi.md): {@code <exports>/<table>/}, partitioned as
 * schemas/export/exports.json says, rows sorted by the table's key (so a rerun on the same gold
 * data writes the same bytes), with a {@code _manifest.json} and a {@code _SUCCESS} marker at the
 * root. Every table is staged and checked before any is swapped in ({@link StagedExports}), so a BI
 * tool never sees a half-written export.
 */
public final class ExportJob extends PipelineJob implements Stage {

  private static final Logger LOG = LogManager.getLogger(ExportJob.class);

  public static final String MANIFEST = StagedExports.MANIFEST;
  public static final String SUCCESS = StagedExports.SUCCESS;

  public ExportJob(JobContext job) {
    super(job);
  }

  /**
   * Exports those of the given gold tables whose export does not hold their current version (all
   * with --full-refresh) and reports the others unchanged; the manifest is written for this run
   * either way. A daily run that changed one gold table rewrites one export.
   */
  public List<StageReport> runChanged(List<String> tables) {
    try (StagedExports exports = StagedExports.open(spark, conf.exports(), runId);
        AuditLog audit = job.audit()) {
      Map<String, JsonNode> live = exports.liveEntries();
      List<String> due = new ArrayList<>();
      List<StageReport> kept = new ArrayList<>();
      for (String table : tables) {
        JsonNode entry = live.get(table);
        String version = DeltaTables.identity(spark, warehouse.gold(table));
        if (!conf.fullRefresh()
            && entry != null
            && entry.path("gold_version").asText().equals(version)
            && entry.path("schema_version").asInt() == contracts.export(table).schemaVersion()) {
          kept.add(
              audit.audited(
                  "export",
                  table,
                  () ->
                      StageReport.unchanged(
                          runId,
                          conf.runDate(),
                          "export",
                          table,
                          "the export holds gold version " + version + " already")));
        } else {
          due.add(table);
        }
      }
      List<StageReport> reports = new ArrayList<>(export(exports, audit, due));
      reports.addAll(kept);
      return reports;
    }
  }

  /**
   * Exports the given gold tables (each must exist); the manifest keeps the other tables' entries.
   */
  @Override
  public List<StageReport> run(List<String> tables) {
    try (StagedExports exports = StagedExports.open(spark, conf.exports(), runId);
        AuditLog audit = job.audit()) {
      return export(exports, audit, tables);
    }
  }

  /** Stages every table, then publishes them with this run's manifest. */
  private List<StageReport> export(StagedExports exports, AuditLog audit, List<String> tables) {
    for (String table : tables) {
      if (!DeltaTables.exists(spark, warehouse.gold(table))) {
        throw Errors.missingUpstream(
            warehouse.gold(table), "the exports are written from the gold tables");
      }
    }
    ObjectNode manifest = new ObjectMapper().createObjectNode();
    manifest
        .put("run_id", runId)
        .put("run_date", conf.runDate().toString())
        .put("format", "parquet")
        .put("timestamp_type", "TIMESTAMP_MICROS");
    ArrayNode entries = manifest.putArray("tables");
    // Read only if some table turns out empty (the audit table says why).
    Supplier<Map<String, String>> whyEmpty =
        memoized(() -> AuditLog.skippedReasons(spark, warehouse, "gold"));
    // Tables are staged concurrently (each into its own folder); the manifest keeps their order.
    List<Callable<StageReport>> tasks = new ArrayList<>();
    for (String table : tables) {
      ObjectNode entry = entries.addObject();
      tasks.add(() -> audit.audited("export", table, () -> stage(exports, table, entry, whyEmpty)));
    }
    List<StageReport> reports = Concurrently.run(conf.parallelJobs(), tasks);
    exports.publish(tables, manifest);
    return reports;
  }

  /**
   * Writes one table under staging and checks it is complete. An empty table is one Parquet file
   * with the schema and no rows, not partitioned (a partitioned write of no rows leaves no file for
   * a BI tool to read), and its manifest entry says why it is empty.
   */
  private StageReport stage(
      StagedExports exports,
      String table,
      ObjectNode entry,
      Supplier<Map<String, String>> whyEmpty) {
    Instant start = Instant.now();
    Contract contract = contracts.gold(table);
    ExportSpec spec = contracts.export(table);
    // The version read: the run's warehouse lock keeps gold as it is during the export.
    String version = DeltaTables.identity(spark, warehouse.gold(table));
    Dataset<Row> rows = contract.conform(DeltaTables.read(spark, warehouse.gold(table)));
    long expected = rows.count();
    List<String> order = new ArrayList<>(spec.partitionBy());
    order.addAll(contract.key());
    Column[] sort = new LinkedHashSet<>(order).stream().map(rows::col).toArray(Column[]::new);
    List<String> partitionBy = expected == 0 ? List.of() : spec.partitionBy();
    Dataset<Row> arranged =
        partitionBy.isEmpty()
            ? rows.coalesce(1).sortWithinPartitions(sort)
            : rows.repartition(partitionBy.stream().map(rows::col).toArray(Column[]::new))
                .sortWithinPartitions(sort);
    long written = exports.stage(table, arranged, partitionBy);
    if (written != expected) {
      throw Errors.exportFailed(table, "wrote " + written + " rows of " + expected, null);
    }
    entry
        .put("table", table)
        .put("path", table)
        .put("rows", written)
        .put("schema_version", spec.schemaVersion())
        .put("gold_version", version);
    spec.partitionBy().forEach(entry.putArray("partition_by")::add);
    if (written == 0) {
      String why = whyEmpty.get().getOrDefault(table, "the gold table has no rows");
      entry.put("empty_reason", why);
      LOG.warn("export {} is empty: {}", table, why);
    }
    ArrayNode columns = entry.putArray("columns");
    for (ColumnSpec c : contract.columns()) {
      columns.addObject().put("name", c.name()).put("type", c.type()).put("nullable", c.nullable());
    }
    return StageReport.written(runId, conf.runDate(), "export", table, written, start);
  }

  /** Computes {@code value} on first use, once, for the concurrent staging tasks. */
  private static <T> Supplier<T> memoized(Supplier<T> value) {
    return new Supplier<>() {
      private T computed;

      @Override
      public synchronized T get() {
        if (computed == null) {
          computed = value.get();
        }
        return computed;
      }
    };
  }
}

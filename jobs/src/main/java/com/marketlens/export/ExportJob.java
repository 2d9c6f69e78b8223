package com.marketlens.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.Concurrently;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.ColumnSpec;
import com.marketlens.schema.Contract;
import com.marketlens.schema.ExportSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Gold tables to Parquet for BI tools (docs/bi.md): {@code <exports>/<table>/}, partitioned as
 * schemas/export/exports.json says, rows sorted by the table's key (so a rerun on the same gold
 * data writes the same bytes), with a {@code _manifest.json} and a {@code _SUCCESS} marker at the
 * root.
 *
 * <p>A BI tool never sees a half-written export: every table is first written and checked under
 * {@code _staging/<run id>/}; only when all of them are complete are they swapped in, one rename
 * per table (the old folder is moved aside first and moved back if the rename fails), then the
 * manifest and {@code _SUCCESS} are written. A run that fails before the swap deletes its staging
 * folder and leaves the previous export as it was. On HDFS and local disks a rename is atomic; on
 * S3 it is a copy, so readers on S3 should wait for {@code _SUCCESS} (it is removed while tables
 * are being swapped).
 */
public final class ExportJob extends PipelineJob implements Stage {

  private static final Logger LOG = LogManager.getLogger(ExportJob.class);

  public static final String MANIFEST = "_manifest.json";
  public static final String SUCCESS = "_SUCCESS";

  public ExportJob(JobContext job) {
    super(job);
  }

  /**
   * Exports the given gold tables (each must exist); the manifest keeps the other tables' entries.
   */
  @Override
  public List<StageReport> run(List<String> tables) {
    for (String table : tables) {
      if (!DeltaTables.exists(spark, warehouse.gold(table))) {
        throw Errors.missingUpstream(
            warehouse.gold(table), "the exports are written from the gold tables");
      }
    }
    Path root = new Path(conf.exports());
    FileSystem fs = fileSystem(root);
    Path staging = new Path(root, "_staging/" + runId);
    // Leftovers of a run that was killed: never visible to readers, safe to drop (one export at a
    // time).
    delete(fs, new Path(root, "_staging"));
    delete(fs, new Path(root, "_previous"));
    List<StageReport> reports = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    ArrayNode entries = json.createArrayNode();
    // Read only if some table turns out empty (the audit table says why).
    Supplier<Map<String, String>> whyEmpty =
        memoized(() -> AuditLog.skippedReasons(spark, warehouse, "gold"));
    try (AuditLog audit = job.audit()) {
      // Tables are staged concurrently (each into its own folder); the manifest keeps the table
      // order.
      List<Callable<StageReport>> tasks = new ArrayList<>();
      for (String table : tables) {
        ObjectNode entry = entries.addObject();
        tasks.add(
            () ->
                audit.audited(
                    "export",
                    table,
                    () -> stage(table, new Path(staging, table), entry, whyEmpty)));
      }
      reports.addAll(Concurrently.run(conf.parallelJobs(), tasks));
      swap(fs, root, staging, tables);
      writeManifest(fs, root, json, entries, tables);
      touch(fs, new Path(root, SUCCESS));
    } finally {
      delete(fs, new Path(root, "_staging"));
      delete(fs, new Path(root, "_previous"));
    }
    return reports;
  }

  /**
   * Writes one table under staging and checks it is complete. An empty table is one Parquet file
   * with the schema and no rows, not partitioned (a partitioned write of no rows leaves no file for
   * a BI tool to read), and its manifest entry says why it is empty.
   */
  private StageReport stage(
      String table, Path target, ObjectNode entry, Supplier<Map<String, String>> whyEmpty) {
    Instant start = Instant.now();
    Contract contract = contracts.gold(table);
    ExportSpec spec = contracts.export(table);
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
    arranged
        .write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(partitionBy.toArray(String[]::new))
        .option("compression", "snappy")
        .parquet(target.toString());
    long written = spark.read().parquet(target.toString()).count();
    if (written != expected) {
      throw Errors.exportFailed(table, "wrote " + written + " rows of " + expected, null);
    }
    entry
        .put("table", table)
        .put("path", table)
        .put("rows", written)
        .put("schema_version", spec.schemaVersion());
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

  /**
   * Moves each staged table in place of the live one; the live one goes aside first and back on
   * failure.
   */
  private void swap(FileSystem fs, Path root, Path staging, List<String> tables) {
    delete(fs, new Path(root, SUCCESS));
    for (String table : tables) {
      Path live = new Path(root, table);
      Path aside = new Path(root, "_previous/" + runId + "/" + table);
      try {
        boolean hadLive = fs.exists(live);
        if (hadLive) {
          fs.mkdirs(aside.getParent());
          if (!fs.rename(live, aside)) {
            throw Errors.exportFailed(table, "could not move " + live + " aside", null);
          }
        }
        if (!fs.rename(new Path(staging, table), live)) {
          if (hadLive) {
            fs.rename(aside, live);
          }
          throw Errors.exportFailed(table, "could not move the new files to " + live, null);
        }
      } catch (IOException e) {
        throw Errors.exportFailed(table, e.getMessage(), e);
      }
    }
  }

  /** This run's entries plus the previous manifest's entries for tables not exported this time. */
  private void writeManifest(
      FileSystem fs, Path root, ObjectMapper json, ArrayNode entries, List<String> tables) {
    Path path = new Path(root, MANIFEST);
    Set<String> exported = Set.copyOf(tables);
    ObjectNode manifest = json.createObjectNode();
    manifest
        .put("run_id", runId)
        .put("run_date", conf.runDate().toString())
        .put("format", "parquet")
        .put("timestamp_type", "TIMESTAMP_MICROS");
    ArrayNode all = manifest.putArray("tables");
    try {
      if (fs.exists(path)) {
        for (JsonNode old : json.readTree(fs.open(path)).path("tables")) {
          String table = old.path("table").asText();
          if (!exported.contains(table) && fs.exists(new Path(root, table))) {
            all.add(old);
          }
        }
      }
      all.addAll(entries);
      try (OutputStream out = fs.create(path, true)) {
        out.write(
            json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest)
                .getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.exportFailed(MANIFEST, e.getMessage(), e);
    }
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

  private FileSystem fileSystem(Path root) {
    try {
      return root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(FileSystem fs, Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void touch(FileSystem fs, Path path) {
    try {
      fs.create(path, true).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package com.marketlens.io;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog$;
import org.apache.spark.sql.types.StructType;
import scala.collection.Map;

/**
 * The floor of Delta I/O: every read and every write of a Delta table goes through here. Each write
 * is one Delta transaction: a job killed mid-write leaves the previous table version in place, and
 * a rerun writes the same result.
 */
public final class DeltaTables {

  private static final Logger LOG = LogManager.getLogger(DeltaTables.class);

  private DeltaTables() {}

  /**
   * Whether a table with at least one commit lives at {@code path}. A create killed before its
   * first commit leaves an empty {@code _delta_log}, which Delta takes for a table it then cannot
   * read: that is no table yet (and {@link #createIfMissing} creates it over the leftover).
   */
  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path) && hasCommit(spark, path);
  }

  private static boolean hasCommit(SparkSession spark, String path) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.endsWith(".json")
            || name.endsWith(".checkpoint.parquet")
            || name.equals("_last_checkpoint")) {
          return true;
        }
      }
      return false;
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes what a create killed before its first commit left (an empty log: nothing to lose). */
  private static void dropAbortedCreate(SparkSession spark, String path) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(log) && !hasCommit(spark, path)) {
        LOG.warn("table {}: removing the empty _delta_log of a create that did not finish", path);
        fs.delete(log, true);
        DeltaLog$.MODULE$.invalidateCache(spark, new Path(path));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The current version of the table at {@code path}: every Delta read goes through here. */
  public static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }

  /** How many data files the table's current version has. */
  public static long numFiles(SparkSession spark, String path) {
    return DeltaTable.forPath(spark, path).detail().select("numFiles").first().getLong(0);
  }

  /**
   * Compacts the table and clusters its rows by {@code columns} (Z-order) in one Delta commit; the
   * target file size is the session's {@code spark.databricks.delta.optimize.maxFileSize}.
   */
  public static void optimizeZOrder(SparkSession spark, String path, List<String> columns) {
    DeltaTable.forPath(spark, path).optimize().executeZOrderBy(columns.toArray(String[]::new));
  }

  /**
   * Creates an empty table with the contract's schema (its NOT NULL columns are enforced by Delta),
   * partitioned by {@code partitionBy} when given. Delta keeps min/max statistics per file only for
   * {@code statsColumns} (none when empty; row counts always): collecting them for every column of
   * every row was a tenth of the sample run's CPU, and only the columns queries filter on can skip
   * files.
   */
  public static void createIfMissing(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> statsColumns,
      String... partitionBy) {
    if (!exists(spark, path)) {
      create(spark, path, schema, statsColumns, partitionBy);
    }
  }

  private static void create(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> statsColumns,
      String... partitionBy) {
    dropAbortedCreate(spark, path);
    DeltaTableBuilder table =
        DeltaTable.createIfNotExists(spark)
            .location(path)
            .addColumns(schema)
            .partitionedBy(partitionBy);
    table =
        statsColumns.isEmpty()
            ? table.property("delta.dataSkippingNumIndexedCols", "0")
            : table.property("delta.dataSkippingStatsColumns", String.join(",", statsColumns));
    table.execute();
  }

  public static void append(Dataset<Row> rows, String path) {
    rows.write().format("delta").mode("append").save(path);
  }

  /**
   * Rows written by the table's latest commit (Delta's own operation metrics; no re-read of the
   * data).
   */
  public static long lastCommitOutputRows(SparkSession spark, String path) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("operationMetrics").first();
    Map<String, String> metrics = last.getMap(0);
    return Long.parseLong(metrics.get("numOutputRows").getOrElse(() -> "0"));
  }

  /**
   * Atomically replaces the whole table with {@code rows} (derived tables: a rerun writes the same
   * rows). A table whose columns differ from the contract's (an older contract) is redefined first.
   */
  public static void overwrite(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> statsColumns) {
    if (!exists(spark, path)) {
      create(spark, path, schema, statsColumns);
    } else if (!sameColumns(DeltaTable.forPath(spark, path).toDF().schema(), schema)) {
      replaceWithNewSchema(spark, rows, path, schema, statsColumns);
      return;
    }
    rows.write().format("delta").mode("overwrite").save(path);
  }

  /**
   * The contract changed (a column added, a type widened; a warehouse of an older version): the old
   * table is removed, created again with the contract's schema, NOT NULL columns included, and the
   * rows appended. Not one transaction, but once per contract change, and only for tables derived
   * in full from the layer below: a run killed in between leaves the table missing or empty, never
   * half written, and the next run rebuilds it. (Delta's overwriteSchema would be one commit but
   * makes every column nullable; a path table's CREATE OR REPLACE refuses a different schema.)
   */
  private static void replaceWithNewSchema(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> statsColumns) {
    LOG.warn(
        "table {} has columns other than its contract's: rebuilt with the contract's schema", path);
    try {
      Path table = new Path(path);
      table.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(table, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Delta caches each table's log by path: forget the removed one.
    DeltaLog$.MODULE$.invalidateCache(spark, new Path(path));
    create(spark, path, schema, statsColumns);
    append(rows, path);
  }

  /**
   * Atomically replaces the rows matching {@code condition} (a SQL predicate) with {@code rows}.
   */
  public static void replaceWhere(Dataset<Row> rows, String path, String condition) {
    rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path);
  }

  private static boolean sameColumns(StructType actual, StructType expected) {
    if (actual.fields().length != expected.fields().length) {
      return false;
    }
    for (int i = 0; i < actual.fields().length; i++) {
      if (!actual.fields()[i].name().equals(expected.fields()[i].name())
          || !actual.fields()[i].dataType().equals(expected.fields()[i].dataType())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Makes the table equal to {@code rows} (unique on {@code key}) in one MERGE: new keys are
   * inserted, changed rows updated, keys no longer present deleted, and unchanged rows left
   * untouched, so rerunning the same input commits no change to any row. Into a table created by
   * this call the MERGE would only insert, so the rows are appended instead (same result, without
   * the MERGE's join of target and source).
   */
  public static void mergeByKey(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> key,
      List<String> statsColumns) {
    if (!exists(spark, path)) {
      create(spark, path, schema, statsColumns);
      append(rows, path);
      return;
    }
    if (!sameColumns(DeltaTable.forPath(spark, path).toDF().schema(), schema)) {
      // The rows are the table's whole new content: replaced, not merged into the old shape.
      replaceWithNewSchema(spark, rows, path, schema, statsColumns);
      return;
    }
    String on =
        key.stream()
            .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
            .collect(Collectors.joining(" AND "));
    String unchanged =
        Arrays.stream(schema.fieldNames())
            .filter(f -> !key.contains(f))
            .map(f -> "t.`" + f + "` <=> s.`" + f + "`")
            .collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), on)
        .whenMatched("NOT (" + unchanged + ")")
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .whenNotMatchedBySource()
        .delete()
        .execute();
  }
}

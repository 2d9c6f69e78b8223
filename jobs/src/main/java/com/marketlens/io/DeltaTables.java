package com.marketlens.io;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaLog$;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.util.FileNames;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

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
      create(spark, empty(spark, schema), path, schema, statsColumns, false, partitionBy);
    }
  }

  /**
   * As {@link #createIfMissing}, with Delta's change data feed on: the tables whose changes later
   * runs read ({@link #changes}) instead of the whole table (bronze for refine, silver for gold).
   */
  public static void createWithChangeFeedIfMissing(
      SparkSession spark,
      String path,
      StructType schema,
      List<String> statsColumns,
      String... partitionBy) {
    if (!exists(spark, path)) {
      create(spark, empty(spark, schema), path, schema, statsColumns, true, partitionBy);
    }
  }

  /**
   * Appends {@code rows} to the table at {@code path}, or creates the table with them (as {@link
   * #createIfMissing} or, with {@code changeFeed}, {@link #createWithChangeFeedIfMissing}) in one
   * commit when there is none.
   */
  public static void appendOrCreate(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> statsColumns,
      boolean changeFeed,
      String... partitionBy) {
    if (exists(spark, path)) {
      append(rows, path);
    } else {
      create(spark, rows, path, schema, statsColumns, changeFeed, partitionBy);
    }
  }

  private static Dataset<Row> empty(SparkSession spark, StructType schema) {
    return spark.createDataFrame(List.of(), schema);
  }

  /**
   * Creates the table with the contract's schema, NOT NULL columns included (Delta enforces them),
   * its properties and {@code rows}, in one Delta commit: a create followed by a first write would
   * be two (43 of the sample run's 98 commits were creates of empty tables). Delta's own writers
   * cannot do it: a write to a new path and a CREATE TABLE AS SELECT both make every column
   * nullable, so the transaction is built here as Delta's CTAS builds its own (metadata of a new
   * table, the rows' files, one commit). A job killed before the commit leaves no table, only
   * unreferenced data files, and the next run creates it again.
   */
  private static void create(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> statsColumns,
      boolean changeFeed,
      String... partitionBy) {
    dropAbortedCreate(spark, path);
    Map<String, String> properties = new HashMap<>();
    if (statsColumns.isEmpty()) {
      properties.put("delta.dataSkippingNumIndexedCols", "0");
    } else {
      properties.put("delta.dataSkippingStatsColumns", String.join(",", statsColumns));
    }
    if (changeFeed) {
      properties.put(CHANGE_FEED, "true");
    }
    Metadata metadata =
        new Metadata(
            UUID.randomUUID().toString(),
            null,
            null,
            new Format("parquet", scala.collection.immutable.Map$.MODULE$.empty()),
            schema.json(),
            CollectionConverters.asScala(Arrays.asList(partitionBy)).toList(),
            scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(properties)),
            Option.apply(System.currentTimeMillis()));
    OptimisticTransaction txn = DeltaLog.forTable(spark, new Path(path)).startTransaction();
    txn.updateMetadataForNewTable(metadata);
    Seq<FileAction> files = txn.writeFiles(inContractOrder(rows, schema, path));
    @SuppressWarnings({"unchecked", "rawtypes"})
    Seq<Action> actions = (Seq) files;
    // "CREATE TABLE AS SELECT" in the history when rows were written, "CREATE TABLE" otherwise.
    txn.commit(
        actions,
        new DeltaOperations.CreateTable(metadata, false, !files.isEmpty(), Option.empty()));
  }

  /**
   * The rows with the contract's columns in its order; a missing, extra or differently typed column
   * is a bug in the caller, said as such (an append would refuse it too).
   */
  private static Dataset<Row> inContractOrder(Dataset<Row> rows, StructType schema, String path) {
    StructType actual = rows.schema();
    boolean same = actual.fields().length == schema.fields().length;
    for (StructField f : schema.fields()) {
      same =
          same
              && Arrays.asList(actual.fieldNames()).contains(f.name())
              && DataTypeUtils.sameType(actual.apply(f.name()).dataType(), f.dataType());
    }
    if (!same) {
      throw new IllegalArgumentException(
          "rows for "
              + path
              + " have columns "
              + actual.simpleString()
              + ", the contract "
              + schema.simpleString());
    }
    return rows.select(
        Arrays.stream(schema.fieldNames()).map(n -> col("`" + n + "`")).toArray(Column[]::new));
  }

  private static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  /**
   * Turns the change data feed on for a table created without it (a warehouse of an older version);
   * changes are recorded from the next version on.
   */
  public static void enableChangeFeed(SparkSession spark, String path) {
    if (!snapshot(spark, path).metadata().configuration().get(CHANGE_FEED).contains("true")) {
      spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + CHANGE_FEED + " = true)");
    }
  }

  /** The table's current version. */
  public static long version(SparkSession spark, String path) {
    return snapshot(spark, path).version();
  }

  /**
   * The table's Delta id: a table removed and created again at the same path has a new one, so a
   * version recorded for the old table means nothing for the new.
   */
  public static String tableId(SparkSession spark, String path) {
    return snapshot(spark, path).metadata().id();
  }

  /**
   * {@code <table id>@<version>} of the latest snapshot, or "absent" when there is no table: equal
   * identities mean the same rows.
   */
  public static String identity(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return "absent";
    }
    Snapshot snapshot = snapshot(spark, path);
    return snapshot.metadata().id() + "@" + snapshot.version();
  }

  /** The latest snapshot, read from the log alone (no Spark job). */
  private static Snapshot snapshot(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, new Path(path)).update(false, Option.empty(), Option.empty());
  }

  /** The table as of {@code version}: a job reads the version it pinned at its start. */
  public static Dataset<Row> readVersion(SparkSession spark, String path, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(path);
  }

  /**
   * The rows the commits after {@code afterVersion} up to {@code upToVersion} inserted, updated or
   * deleted (Delta's change data feed: the data columns plus {@code _change_type}, {@code
   * _commit_version}, {@code _commit_timestamp}), or empty when the feed does not cover that range:
   * the feed was off for some of it, or its log files were cleaned up (log retention, 30 days by
   * default). Commits that change no data (OPTIMIZE) contribute nothing.
   */
  public static Optional<Dataset<Row>> changes(
      SparkSession spark, String path, long afterVersion, long upToVersion) {
    if (upToVersion <= afterVersion) {
      throw new IllegalArgumentException(
          "no versions after " + afterVersion + " up to " + upToVersion);
    }
    try {
      Dataset<Row> changes =
          spark
              .read()
              .format("delta")
              .option("readChangeFeed", "true")
              .option("startingVersion", afterVersion + 1)
              .option("endingVersion", upToVersion)
              .load(path);
      // Delta checks the range when the scan is planned: plan it here, where a gap can be handled.
      changes.queryExecution().executedPlan();
      return Optional.of(changes);
    } catch (Exception e) {
      // Scala throws undeclared exceptions (DeltaAnalysisException, VersionNotFoundException): any
      // failure to read the range means reading the whole table instead, which is always right.
      LOG.warn(
          "table {}: no change data feed for versions {} to {}: {}",
          path,
          afterVersion + 1,
          upToVersion,
          firstLine(e.getMessage()));
      return Optional.empty();
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  public static void append(Dataset<Row> rows, String path) {
    rows.write().format("delta").mode("append").save(path);
  }

  /**
   * Rows written by the table's latest commit (Delta's own operation metrics; no re-read of the
   * data).
   */
  public static long lastCommitOutputRows(SparkSession spark, String path) {
    return lastCommitMetric(spark, path, "numOutputRows");
  }

  /**
   * One of the operation metrics of the table's latest commit (0 when the commit has none of that
   * name), e.g. a MERGE's {@code numTargetRowsInserted}. Read from the commit's file in the log:
   * {@code DeltaTable.history} would run a Spark query for it, one per table written.
   */
  public static long lastCommitMetric(SparkSession spark, String path, String metric) {
    DeltaLog log = DeltaLog.forTable(spark, new Path(path));
    long version = snapshot(spark, path).version();
    Option<CommitInfo> info =
        DeltaHistoryManager.getCommitInfoOpt(
            log.store(),
            FileNames.unsafeDeltaFile(log.logPath(), version),
            log.newDeltaHadoopConf());
    if (info.isEmpty()) {
      throw new IllegalStateException(
          "table " + path + ": version " + version + " has no commit info");
    }
    Option<scala.collection.immutable.Map<String, String>> metrics = info.get().operationMetrics();
    return metrics.isEmpty() ? 0 : Long.parseLong(metrics.get().get(metric).getOrElse(() -> "0"));
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
      create(spark, rows, path, schema, statsColumns, false);
    } else if (!sameColumns(DeltaTable.forPath(spark, path).toDF().schema(), schema)) {
      replaceWithNewSchema(spark, rows, path, schema, statsColumns, false);
    } else {
      rows.write().format("delta").mode("overwrite").save(path);
    }
  }

  /**
   * Replaces, in one commit, the rows of the existing table at {@code path} whose {@code column} is
   * one of {@code values} (at least one) by {@code rows}; Delta refuses rows outside that
   * condition.
   */
  public static void replaceWhere(
      SparkSession spark, Dataset<Row> rows, String path, String column, Set<String> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("nothing to replace in " + path);
    }
    String condition =
        column
            + " IN ("
            + values.stream()
                .sorted()
                .map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
                .collect(Collectors.joining(", "))
            + ")";
    rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path);
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
      List<String> statsColumns,
      boolean changeFeed) {
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
    create(spark, rows, path, schema, statsColumns, changeFeed);
  }

  /**
   * Atomically replaces the rows matching {@code condition} (a SQL predicate) with {@code rows}.
   */
  public static void replaceWhere(Dataset<Row> rows, String path, String condition) {
    rows.write().format("delta").mode("overwrite").option("replaceWhere", condition).save(path);
  }

  /**
   * Adds {@code schema}'s nullable columns the table lacks (a table of an older contract that only
   * gained columns), at the end; one commit, none when nothing is missing.
   */
  public static void addMissingColumns(SparkSession spark, String path, StructType schema) {
    List<String> present = Arrays.asList(DeltaTable.forPath(spark, path).toDF().columns());
    String missing =
        Arrays.stream(schema.fields())
            .filter(f -> f.nullable() && !present.contains(f.name()))
            .map(f -> "`" + f.name() + "` " + f.dataType().sql())
            .collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + path + "` ADD COLUMNS (" + missing + ")");
    }
  }

  /** Whether the table's columns are exactly {@code schema}'s (names and types, in order). */
  public static boolean hasColumns(SparkSession spark, String path, StructType schema) {
    return sameColumns(DeltaTable.forPath(spark, path).toDF().schema(), schema);
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
      create(spark, rows, path, schema, statsColumns, true);
      return;
    }
    if (!sameColumns(DeltaTable.forPath(spark, path).toDF().schema(), schema)) {
      // The rows are the table's whole new content: replaced, not merged into the old shape.
      replaceWithNewSchema(spark, rows, path, schema, statsColumns, true);
      return;
    }
    enableChangeFeed(spark, path);
    String on = sameKey(key);
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

  /**
   * One MERGE of {@code rows} (unique on {@code key}) into the table: a key not in the table is
   * inserted; a key in it is updated when {@code replaceWhen} holds ({@code t.} the table's row,
   * {@code s.} the new one), never when it is null; no row is deleted. Rerunning the same rows
   * changes nothing when {@code replaceWhen} is false for equal rows. Creates the table (with the
   * change data feed when {@code changeFeed}) when missing.
   */
  public static void upsert(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> key,
      List<String> statsColumns,
      String replaceWhen,
      boolean changeFeed) {
    if (!exists(spark, path)) {
      // Into no table the MERGE would only insert.
      create(spark, rows, path, schema, statsColumns, changeFeed);
      return;
    }
    if (changeFeed) {
      enableChangeFeed(spark, path);
    }
    Column on = expr(sameKey(key)).and(keyRanges(rows, schema, key));
    DeltaMergeBuilder merge = DeltaTable.forPath(spark, path).as("t").merge(rows.as("s"), on);
    if (replaceWhen != null) {
      merge = merge.whenMatched(replaceWhen).updateAll();
    }
    merge.whenNotMatched().insertAll().execute();
  }

  /** Deletes, in one MERGE, the table's rows whose {@code key} is among {@code keys}' rows. */
  public static void deleteKeys(
      SparkSession spark, Dataset<Row> keys, String path, List<String> key) {
    String on = sameKey(key);
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(keys.as("s"), on)
        .whenMatched()
        .delete()
        .execute();
  }

  /**
   * For each date or timestamp column of {@code key}, the range of {@code rows}' values as a
   * condition on the table's rows ({@code t.c BETWEEN min AND max}; true when there are none). A
   * table row outside it cannot have a key of {@code rows}, so the MERGE matches the same rows, but
   * Delta skips the files whose statistics lie outside: a day's events MERGE into the files of
   * their days (after the weekly Z-order by time), not into every file of the history.
   */
  private static Column keyRanges(Dataset<Row> rows, StructType schema, List<String> key) {
    List<String> timed =
        key.stream()
            .filter(
                k -> {
                  StructField f = schema.apply(k);
                  return !f.nullable()
                      && (f.dataType() instanceof DateType
                          || f.dataType() instanceof TimestampType);
                })
            .toList();
    Column condition = lit(true);
    if (timed.isEmpty()) {
      return condition;
    }
    List<Column> bounds = new ArrayList<>();
    for (String k : timed) {
      bounds.add(min(col(k)));
      bounds.add(max(col(k)));
    }
    Row range =
        rows.agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new)).head();
    for (int i = 0; i < timed.size(); i++) {
      if (!range.isNullAt(2 * i)) {
        Column c = col("t.`" + timed.get(i) + "`");
        condition =
            condition.and(c.geq(lit(range.get(2 * i)))).and(c.leq(lit(range.get(2 * i + 1))));
      }
    }
    return condition;
  }

  /** The MERGE condition of rows equal on {@code key} (null-safe). */
  private static String sameKey(List<String> key) {
    return key.stream()
        .map(k -> "t.`" + k + "` <=> s.`" + k + "`")
        .collect(Collectors.joining(" AND "));
  }

  /**
   * One MERGE: a key not in the table is inserted, a key in it updated with the {@code set}
   * expressions (column to SQL over {@code t.} and {@code s.}). Creates the table when missing.
   */
  public static void upsertWith(
      SparkSession spark,
      Dataset<Row> rows,
      String path,
      StructType schema,
      List<String> key,
      Map<String, String> set) {
    if (!exists(spark, path)) {
      // Into no table the MERGE would only insert.
      create(spark, rows, path, schema, List.of(), false);
      return;
    }
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), sameKey(key))
        .whenMatched()
        .updateExpr(set)
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** The table's {@code marketlens.*} properties (where a derived table records what it is of). */
  public static Map<String, String> properties(SparkSession spark, String path) {
    Map<String, String> out = new HashMap<>();
    snapshot(spark, path)
        .metadata()
        .configuration()
        .foreach(
            kv -> {
              if (kv._1().startsWith("marketlens.")) {
                out.put(kv._1(), kv._2());
              }
              return null;
            });
    return out;
  }

  /** Sets {@code marketlens.*} table properties (one commit). */
  public static void setProperties(
      SparkSession spark, String path, Map<String, String> properties) {
    String list =
        properties.entrySet().stream()
            .map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "") + "'")
            .collect(Collectors.joining(", "));
    spark.sql("ALTER TABLE delta.`" + path + "` SET TBLPROPERTIES (" + list + ")");
  }
}

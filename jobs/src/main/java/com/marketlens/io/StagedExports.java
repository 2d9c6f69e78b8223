package com.marketlens.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marketlens.error.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The file side of the BI exports: one folder per table under the exports root, a {@code
 * _manifest.json} and a {@code _SUCCESS} marker. A reader never sees a half-written export: tables
 * are written under {@code _staging/<run id>/}, and {@link #publish} swaps each in with one rename
 * (the live folder is moved aside first and back if the rename fails), then writes the manifest and
 * {@code _SUCCESS}. Closing drops the staging and moved-aside folders, so a run that fails before
 * the swap leaves the previous export as it was. On HDFS and local disks a rename is atomic; on S3
 * it is a copy, so readers there wait for {@code _SUCCESS} (absent while tables are being swapped).
 */
public final class StagedExports implements AutoCloseable {

  public static final String MANIFEST = "_manifest.json";
  public static final String SUCCESS = "_SUCCESS";

  private final FileSystem fs;
  private final Path root;
  private final Path staging;
  private final String runId;

  private StagedExports(FileSystem fs, Path root, String runId) {
    this.fs = fs;
    this.root = root;
    this.staging = new Path(root, "_staging/" + runId);
    this.runId = runId;
  }

  /** Opens the exports root for one run, dropping what a killed run left (readers never saw it). */
  public static StagedExports open(SparkSession spark, String root, String runId) {
    Path path = new Path(root);
    try {
      StagedExports exports =
          new StagedExports(
              path.getFileSystem(spark.sparkContext().hadoopConfiguration()), path, runId);
      exports.dropLeftovers();
      return exports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code rows} as the staged Parquet of {@code table}; returns the rows in the files
   * written, counted from their footers (reading them back with Spark would cost a schema job and a
   * count job per table).
   */
  public long stage(String table, Dataset<Row> rows, List<String> partitionBy) {
    Path target = new Path(staging, table);
    rows.write()
        .mode(SaveMode.ErrorIfExists)
        .partitionBy(partitionBy.toArray(String[]::new))
        .option("compression", "snappy")
        .parquet(target.toString());
    try {
      return rowsInParquetFiles(target);
    } catch (IOException e) {
      throw Errors.exportFailed(table, "could not read back " + target + ": " + e.getMessage(), e);
    }
  }

  /** The rows of the Parquet files under {@code dir}, by their footers, as Spark reads them. */
  private long rowsInParquetFiles(Path dir) throws IOException {
    long rows = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      LocatedFileStatus file = files.next();
      String name = file.getPath().getName();
      // Spark skips names starting with "_" or "." (markers, checksums) when it reads a folder.
      if (!name.startsWith("_") && !name.startsWith(".")) {
        try (ParquetFileReader footer =
            ParquetFileReader.open(HadoopInputFile.fromStatus(file, fs.getConf()))) {
          rows += footer.getRecordCount();
        }
      }
    }
    return rows;
  }

  /**
   * Swaps the staged {@code tables} in, then writes the manifest: {@code manifest} with, in its
   * {@code tables} array, the previous manifest's entries for live tables not exported this time
   * first; then {@code _SUCCESS}.
   */
  public void publish(List<String> tables, ObjectNode manifest) {
    delete(new Path(root, SUCCESS));
    for (String table : tables) {
      swap(table);
    }
    writeManifest(manifest, Set.copyOf(tables));
    try {
      fs.create(new Path(root, SUCCESS), true).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void swap(String table) {
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

  /** The live manifest's entries by table (empty when there is none): what each export holds. */
  public Map<String, JsonNode> liveEntries() {
    Path path = new Path(root, MANIFEST);
    Map<String, JsonNode> live = new LinkedHashMap<>();
    try {
      if (fs.exists(path)) {
        for (JsonNode entry : new ObjectMapper().readTree(fs.open(path)).path("tables")) {
          String table = entry.path("table").asText();
          if (fs.exists(new Path(root, table))) {
            live.put(table, entry);
          }
        }
      }
      return live;
    } catch (IOException e) {
      throw Errors.exportFailed(MANIFEST, e.getMessage(), e);
    }
  }

  /**
   * Writes the manifest: the previous entries of live tables, each replaced in its place by its new
   * entry when the table was exported now, then the new entries of tables exported for the first
   * time.
   */
  private void writeManifest(ObjectNode manifest, Set<String> exported) {
    Path path = new Path(root, MANIFEST);
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> fresh = new LinkedHashMap<>();
    JsonNode entries = manifest.remove("tables");
    if (entries != null) {
      entries.forEach(e -> fresh.put(e.path("table").asText(), e));
    }
    ArrayNode all = manifest.putArray("tables");
    liveEntries()
        .forEach(
            (table, old) -> {
              if (!exported.contains(table)) {
                all.add(old);
              } else if (fresh.containsKey(table)) {
                all.add(fresh.remove(table));
              }
            });
    fresh.values().forEach(all::add);
    try (OutputStream out = fs.create(path, true)) {
      out.write(
          json.writerWithDefaultPrettyPrinter()
              .writeValueAsString(manifest)
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Errors.exportFailed(MANIFEST, e.getMessage(), e);
    }
  }

  private void dropLeftovers() {
    delete(new Path(root, "_staging"));
    delete(new Path(root, "_previous"));
  }

  private void delete(Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Drops the staging and moved-aside folders (after a published or a failed run alike). */
  @Override
  public void close() {
    dropLeftovers();
  }
}

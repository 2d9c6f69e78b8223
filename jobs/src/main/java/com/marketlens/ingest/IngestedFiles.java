package com.marketlens.ingest;

import static org.apache.spark.sql.functions.col;

import com.marketlens.io.DeltaTables;
import com.marketlens.io.SourceFiles.Listed;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Contracts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The registry of the files ingest has seen ({@code system/ingested_files}), so that a daily run
 * reads and hashes only the files it has not seen: a listed file whose path, size and modification
 * time are recorded is skipped unread.
 *
 * <p>Bronze stays the truth. A run killed between its bronze append and its registry write leaves
 * bronze commits the registry does not know; the next run first records the files of those commits
 * from bronze (the change data feed of the missing versions, or the whole table once for a
 * warehouse older than the registry), without size and time, so those files are hashed once more,
 * found ingested, and their listing recorded. A file is therefore never ingested twice.
 */
final class IngestedFiles {

  private static final Logger LOG = LogManager.getLogger(IngestedFiles.class);

  static final String INGESTED = "ingested";
  static final String SAME_BYTES = "same_bytes";

  /** One registry for all datasets, which ingest concurrently: one MERGE at a time. */
  private static final Object WRITES = new Object();

  private final SparkSession spark;
  private final Contract contract;
  private final String path;
  private final String runId;

  /** The registry as it was when the stage started, by dataset, plus what recovery added. */
  private final Map<String, List<Row>> byDataset = new HashMap<>();

  /** Entries of this run, written when the stage ends. */
  private final List<Row> pending = new ArrayList<>();

  private boolean pendingUpdates;

  IngestedFiles(SparkSession spark, Warehouse warehouse, Contracts contracts, String runId) {
    this.spark = spark;
    this.contract = contracts.system("ingested_files");
    this.path = warehouse.system("ingested_files");
    this.runId = runId;
    if (DeltaTables.exists(spark, path)) {
      // One row per file ever ingested: small, read once per run.
      for (Row r : DeltaTables.read(spark, path).collectAsList()) {
        byDataset.computeIfAbsent(r.getAs("dataset"), d -> new ArrayList<>()).add(r);
      }
    }
  }

  /** A registry entry: its outcome and the bronze version that holds its rows. */
  record Entry(String outcome, Long bronzeVersion) {}

  /** What the registry knows of one dataset. */
  static final class Known {
    private final Set<String> listings = new HashSet<>();
    private final Set<String> checksums = new HashSet<>();
    private final Map<String, Entry> byFileAndChecksum = new HashMap<>();

    /** Whether the file was recorded with this very size and modification time. */
    boolean unchanged(Listed f) {
      return listings.contains(listing(f.file().relativePath(), f.sizeBytes(), f.modifiedAt()));
    }

    /** Whether bytes with this checksum are already in bronze (from any file). */
    boolean ingested(String checksum) {
      return checksums.contains(checksum);
    }

    /** The entry of this file with these bytes, or null. */
    Entry entry(String sourceFile, String checksum) {
      return byFileAndChecksum.get(sourceFile + "\n" + checksum);
    }

    private static String listing(String file, Object size, Object modified) {
      return file + "\n" + size + "\n" + modified;
    }
  }

  /** The dataset's registry, after recording any bronze commit it is missing. */
  synchronized Known known(String dataset, String bronzePath) {
    recoverFromBronze(dataset, bronzePath);
    Known known = new Known();
    for (Row r : byDataset.getOrDefault(dataset, List.of())) {
      String file = r.getAs("source_file");
      String checksum = r.getAs("checksum");
      Object size = r.getAs("size_bytes");
      if (size != null) {
        known.listings.add(Known.listing(file, size, r.getAs("modified_at")));
      }
      String outcome = r.getAs("outcome");
      if (INGESTED.equals(outcome)) {
        known.checksums.add(checksum);
      }
      known.byFileAndChecksum.put(
          file + "\n" + checksum, new Entry(outcome, r.getAs("bronze_version")));
    }
    return known;
  }

  /** Adds an entry for a listed file, written when the stage ends ({@link #flush}). */
  synchronized void add(
      String dataset, Listed f, String checksum, String outcome, Long bronzeVersion) {
    pending.add(
        RowFactory.create(
            dataset,
            f.file().relativePath(),
            checksum,
            f.sizeBytes(),
            f.modifiedAt(),
            f.file().scrapeDate(),
            outcome,
            bronzeVersion,
            runId,
            Instant.now()));
  }

  /**
   * Gives an entry recovered from bronze (no size or time) the listing it was just hashed with; the
   * outcome stays.
   */
  synchronized void refresh(String dataset, Listed f, String checksum, Entry prior) {
    add(dataset, f, checksum, prior.outcome(), prior.bronzeVersion());
    pendingUpdates = true;
  }

  /**
   * Writes this run's entries in one commit: an append, or a MERGE when an entry recovered from
   * bronze gains the size and time it was listed with. Called once the datasets are done, also
   * after a failure: a run stopped before it loses only entries the next run finds again.
   */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    write(spark.createDataFrame(pending, contract.sparkSchema()), pendingUpdates);
    pending.clear();
    pendingUpdates = false;
  }

  private void write(Dataset<Row> rows, boolean updates) {
    if (updates) {
      DeltaTables.upsert(
          spark,
          rows,
          path,
          contract.sparkSchema(),
          contract.key(),
          contract.statsColumns(),
          "t.size_bytes IS NULL AND s.size_bytes IS NOT NULL",
          false);
    } else {
      DeltaTables.appendOrCreate(
          spark, rows, path, contract.sparkSchema(), contract.statsColumns(), false);
    }
  }

  private void recoverFromBronze(String dataset, String bronzePath) {
    if (!DeltaTables.exists(spark, bronzePath)) {
      return;
    }
    long bronzeVersion = DeltaTables.version(spark, bronzePath);
    List<Row> registry = byDataset.getOrDefault(dataset, List.of());
    Long recorded =
        registry.stream()
            .filter(r -> INGESTED.equals(r.getAs("outcome")))
            .map(r -> (Long) r.getAs("bronze_version"))
            .max(Long::compare)
            .orElse(null);
    if (recorded != null && recorded >= bronzeVersion) {
      return;
    }
    Optional<Dataset<Row>> changes =
        recorded == null
            ? Optional.empty()
            : DeltaTables.changes(spark, bronzePath, recorded, bronzeVersion)
                .map(c -> c.where(col("_change_type").equalTo("insert")));
    Dataset<Row> bronze =
        changes.orElseGet(() -> DeltaTables.readVersion(spark, bronzePath, bronzeVersion));
    Set<String> seen = new HashSet<>();
    registry.forEach(r -> seen.add(r.getAs("source_file") + "\n" + r.getAs("checksum")));
    List<Row> missing = new ArrayList<>();
    // One row per file: small.
    for (Row f :
        bronze.select("_source_file", "_checksum", "_scrape_date").distinct().collectAsList()) {
      if (!seen.contains(f.getString(0) + "\n" + f.getString(1))) {
        missing.add(
            RowFactory.create(
                dataset,
                f.getString(0),
                f.getString(1),
                null,
                null,
                f.get(2),
                INGESTED,
                bronzeVersion,
                runId,
                Instant.now()));
      }
    }
    if (!missing.isEmpty()) {
      LOG.warn(
          "dataset={}: {} file(s) in bronze were not in the registry (a run stopped between its"
              + " bronze commit and the registry, or a warehouse from before the registry):"
              + " recorded from bronze version {}",
          dataset,
          missing.size(),
          bronzeVersion);
      Dataset<Row> rows = spark.createDataFrame(missing, contract.sparkSchema());
      write(rows, false);
      byDataset.computeIfAbsent(dataset, d -> new ArrayList<>()).addAll(rows.collectAsList());
    }
  }
}

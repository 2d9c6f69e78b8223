package com.marketlens.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sha2;

import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.Iterators;
import com.marketlens.io.RawRecordParser;
import com.marketlens.io.RawRecordParser.RawRecord;
import com.marketlens.io.SourceFile;
import com.marketlens.io.SourceFiles;
import com.marketlens.io.SourceFiles.Listed;
import com.marketlens.pipeline.Concurrently;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.JobGroup;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contracts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Sources to bronze: appends each new scraped file's records, as read, to {@code bronze/<dataset>}
 * with their source file, line, file checksum, scrape date, ingest time and run id. A file whose
 * path, size and modification time are in the registry ({@link IngestedFiles}) is skipped unread;
 * the others are hashed, and one whose checksum is already ingested is skipped too, so re-ingesting
 * adds nothing and a daily run reads only the new files. Files with a scrape date after the run
 * date wait for a later run. Each dataset is one Delta append: all of a run's new files or none.
 */
public final class IngestJob extends PipelineJob implements Stage {

  private static final Logger LOG = LogManager.getLogger(IngestJob.class);

  public IngestJob(JobContext job) {
    super(job);
  }

  /** The bronze schema of a dataset: the metadata columns, then the input columns as text. */
  public static StructType bronzeSchema(Contracts contracts, String dataset) {
    List<StructField> fields =
        new ArrayList<>(List.of(contracts.system("bronze_metadata").sparkSchema().fields()));
    fields.addAll(List.of(contracts.input(dataset).sparkSchema().fields()));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** Ingests the given datasets; every folder is listed and checked before anything is written. */
  @Override
  public List<StageReport> run(List<String> datasets) {
    SourceFiles.requireInputRoot(spark, conf.input());
    Map<String, List<Listed>> files = new LinkedHashMap<>();
    for (String dataset : datasets) {
      contracts.input(dataset);
      files.put(dataset, SourceFiles.list(spark, conf.input(), dataset));
    }
    // Each dataset appends to its own bronze table: they run concurrently
    // (marketlens.parallel-jobs).
    IngestedFiles registry = new IngestedFiles(spark, warehouse, contracts, runId);
    try (AuditLog audit = job.audit()) {
      List<Callable<StageReport>> tasks = new ArrayList<>();
      files.forEach(
          (dataset, listed) ->
              tasks.add(
                  () ->
                      audit.audited(
                          "ingest",
                          dataset,
                          () ->
                              JobGroup.with(
                                  spark.sparkContext(),
                                  "ingest:" + dataset,
                                  "MarketLens ingest " + dataset + " to bronze",
                                  () -> ingest(dataset, listed, registry)))));
      try {
        return Concurrently.run(conf.parallelJobs(), tasks);
      } finally {
        registry.flush();
      }
    }
  }

  private StageReport ingest(String dataset, List<Listed> listed, IngestedFiles registry) {
    Instant start = Instant.now();
    List<Listed> due =
        listed.stream().filter(f -> !f.file().scrapeDate().isAfter(conf.runDate())).toList();
    int later = listed.size() - due.size();
    if (later > 0) {
      LOG.info(
          "dataset={}: {} file(s) scraped after run date {} wait for a later run",
          dataset,
          later,
          conf.runDate());
    }
    if (due.isEmpty()) {
      // Nothing to do is not a failure: a team may scrape one market only, a backfill may predate a
      // dataset.
      String why =
          listed.isEmpty()
              ? String.format("no %s files in %s", dataset, conf.input())
              : String.format(
                  "no %s files in %s scraped on or before %s (%d later file(s) wait for a later run)",
                  dataset, conf.input(), conf.runDate(), later);
      return StageReport.skipped(runId, conf.runDate(), "ingest", dataset, start, why);
    }
    String bronzePath = warehouse.bronze(dataset);
    StructType schema = bronzeSchema(contracts, dataset);
    IngestedFiles.Known known = registry.known(dataset, bronzePath);
    Map<String, Listed> fresh = new LinkedHashMap<>();
    Map<String, String> checksums = hashUnseen(due, known);
    Set<String> batch = new HashSet<>();
    for (Listed f : due) {
      String checksum = checksums.get(pathKey(f.file().path()));
      if (checksum == null) {
        continue; // unchanged since it was recorded
      }
      IngestedFiles.Entry prior = known.entry(f.file().relativePath(), checksum);
      if (prior != null) {
        // Recorded from bronze without its listing (see IngestedFiles): now it has one.
        registry.refresh(dataset, f, checksum, prior);
      } else if (known.ingested(checksum) || !batch.add(checksum)) {
        registry.add(dataset, f, checksum, IngestedFiles.SAME_BYTES, null);
      } else {
        fresh.put(pathKey(f.file().path()), f);
      }
    }
    long rows = 0;
    if (!fresh.isEmpty()) {
      Map<String, SourceFile> byPath = new HashMap<>();
      Map<String, String> freshChecksums = new HashMap<>();
      fresh.forEach(
          (key, f) -> {
            byPath.put(key, f.file());
            freshChecksums.put(key, checksums.get(key));
          });
      LongAccumulator parsed = spark.sparkContext().longAccumulator("records parsed: " + dataset);
      BronzeRows toRows =
          new BronzeRows(
              new RawRecordParser(contracts.input(dataset).columns()),
              byPath,
              freshChecksums,
              runId,
              start,
              parsed);
      Dataset<Row> bronze =
          spark
              .read()
              .format("binaryFile")
              .load(byPath.values().stream().map(SourceFile::path).toArray(String[]::new))
              .select("path", "content")
              .flatMap(toRows, Encoders.row(schema));
      // Partitioned by scrape date: a full refine as of an earlier run date reads only its
      // partitions, and each day's append lands in its own folders. No column statistics: bronze is
      // raw text, always read whole. The change data feed gives refine the rows appended since it
      // last ran.
      DeltaTables.appendOrCreate(
          spark, bronze, bronzePath, schema, List.of(), true, "_scrape_date");
      rows = parsed.value();
      long written = DeltaTables.lastCommitOutputRows(spark, bronzePath);
      if (written != rows) {
        throw Errors.reconciliationFailed(dataset, rows, written, 0, 0);
      }
      long version = DeltaTables.version(spark, bronzePath);
      fresh.forEach(
          (key, f) ->
              registry.add(dataset, f, checksums.get(key), IngestedFiles.INGESTED, version));
    }
    return StageReport.ingested(
        runId, conf.runDate(), dataset, fresh.size(), due.size() - fresh.size(), rows, start);
  }

  /**
   * The checksums, by path, of the due files the registry does not know with their current size and
   * modification time; only these files are read.
   */
  private Map<String, String> hashUnseen(List<Listed> due, IngestedFiles.Known known) {
    Map<String, String> checksumByPath = new HashMap<>();
    String[] unseen =
        due.stream()
            .filter(f -> !known.unchanged(f))
            .map(f -> f.file().path())
            .toArray(String[]::new);
    if (unseen.length == 0) {
      return checksumByPath;
    }
    for (Row r :
        spark
            .read()
            .format("binaryFile")
            .load(unseen)
            .select(col("path"), sha2(col("content"), 256))
            .collectAsList()) {
      checksumByPath.put(pathKey(r.getString(0)), r.getString(1));
    }
    return checksumByPath;
  }

  /**
   * Paths as Spark's binaryFile source and the file system listing print them may differ in scheme.
   */
  static String pathKey(String path) {
    return new Path(path).toUri().getPath();
  }

  /** Executor side: one binaryFile row (path, content) to its bronze rows. */
  private static final class BronzeRows implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int METADATA_COLUMNS = 9;
    private final RawRecordParser parser;
    private final Map<String, SourceFile> files;
    private final Map<String, String> checksums;
    private final String runId;
    private final Instant ingestedAt;
    private final LongAccumulator parsed;

    BronzeRows(
        RawRecordParser parser,
        Map<String, SourceFile> files,
        Map<String, String> checksums,
        String runId,
        Instant ingestedAt,
        LongAccumulator parsed) {
      this.parsed = parsed;
      this.parser = parser;
      this.files = files;
      this.checksums = checksums;
      this.runId = runId;
      this.ingestedAt = ingestedAt;
    }

    @Override
    public Iterator<Row> call(Row binary) {
      String key = pathKey(binary.getString(0));
      SourceFile file = files.get(key);
      String checksum = checksums.get(key);
      Iterator<RawRecord> records = parser.parse((byte[]) binary.get(1), file);
      return Iterators.map(
          records,
          r -> {
            parsed.add(1);
            Object[] values = new Object[METADATA_COLUMNS + parser.columnCount()];
            values[0] = file.relativePath();
            values[1] = r.line();
            values[2] = checksum;
            values[3] = file.scrapeDate();
            values[4] = file.format();
            values[5] = r.raw();
            values[6] = r.parseError();
            values[7] = ingestedAt;
            values[8] = runId;
            if (r.values() != null) {
              System.arraycopy(r.values(), 0, values, METADATA_COLUMNS, r.values().length);
            }
            return RowFactory.create(values);
          });
    }
  }
}

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
 * checksum is already in bronze is skipped, so re-ingesting adds nothing. Files with a scrape date
 * after the run date wait for a later run. Each dataset is one Delta append: all of a run's new
 * files or none.
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
    Map<String, List<SourceFile>> files = new LinkedHashMap<>();
    for (String dataset : datasets) {
      contracts.input(dataset);
      files.put(dataset, SourceFiles.list(spark, conf.input(), dataset));
    }
    // Each dataset appends to its own bronze table: they run concurrently
    // (marketlens.parallel-jobs).
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
                                  () -> ingest(dataset, listed)))));
      return Concurrently.run(conf.parallelJobs(), tasks);
    }
  }

  private StageReport ingest(String dataset, List<SourceFile> listed) {
    Instant start = Instant.now();
    List<SourceFile> due =
        listed.stream().filter(f -> !f.scrapeDate().isAfter(conf.runDate())).toList();
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
    Map<String, String> fresh = newFiles(due, bronzePath);
    long rows = 0;
    if (!fresh.isEmpty()) {
      Map<String, SourceFile> byPath = new HashMap<>();
      due.stream()
          .filter(f -> fresh.containsKey(pathKey(f.path())))
          .forEach(f -> byPath.put(pathKey(f.path()), f));
      LongAccumulator parsed = spark.sparkContext().longAccumulator("records parsed: " + dataset);
      BronzeRows toRows =
          new BronzeRows(
              new RawRecordParser(contracts.input(dataset).columns()),
              byPath,
              fresh,
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
      // Partitioned by scrape date: refine reads the files scraped up to the run date, so a
      // backfill of an
      // earlier date reads only its partitions, and each day's append lands in its own folders. No
      // column
      // statistics: bronze is raw text, always read whole.
      DeltaTables.createIfMissing(spark, bronzePath, schema, List.of(), "_scrape_date");
      DeltaTables.append(bronze, bronzePath);
      rows = parsed.value();
      long written = DeltaTables.lastCommitOutputRows(spark, bronzePath);
      if (written != rows) {
        throw Errors.reconciliationFailed(dataset, rows, written, 0, 0);
      }
    }
    return StageReport.ingested(
        runId, conf.runDate(), dataset, fresh.size(), due.size() - fresh.size(), rows, start);
  }

  /**
   * The checksums of the files to ingest, by path: files whose checksum is not in bronze yet; of
   * several new files with the same bytes, the first in name order.
   */
  private Map<String, String> newFiles(List<SourceFile> due, String bronzePath) {
    Map<String, String> fresh = new LinkedHashMap<>();
    if (due.isEmpty()) {
      return fresh;
    }
    Map<String, String> checksumByPath = new HashMap<>();
    for (Row r :
        spark
            .read()
            .format("binaryFile")
            .load(due.stream().map(SourceFile::path).toArray(String[]::new))
            .select(col("path"), sha2(col("content"), 256))
            .collectAsList()) {
      checksumByPath.put(pathKey(r.getString(0)), r.getString(1));
    }
    Set<String> seen = new HashSet<>();
    if (DeltaTables.exists(spark, bronzePath)) {
      DeltaTables.read(spark, bronzePath)
          .select("_checksum")
          .distinct()
          .collectAsList()
          .forEach(r -> seen.add(r.getString(0)));
    }
    for (SourceFile f : due) {
      String checksum = checksumByPath.get(pathKey(f.path()));
      if (seen.add(checksum)) {
        fresh.put(pathKey(f.path()), checksum);
      }
    }
    return fresh;
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

package com.marketlens.refine;

import static com.marketlens.refine.SilverRowMapper.CHECKSUM;
import static com.marketlens.refine.SilverRowMapper.DETAIL;
import static com.marketlens.refine.SilverRowMapper.DUPLICATE_SUPERSEDED;
import static com.marketlens.refine.SilverRowMapper.EXACT_RANK;
import static com.marketlens.refine.SilverRowMapper.LOADED;
import static com.marketlens.refine.SilverRowMapper.QUARANTINED;
import static com.marketlens.refine.SilverRowMapper.RAW;
import static com.marketlens.refine.SilverRowMapper.REASON;
import static com.marketlens.refine.SilverRowMapper.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.marketlens.error.Errors;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.Concurrently;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.JobGroup;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.QuarantineReason;
import com.marketlens.quality.StageReport;
import com.marketlens.quality.StageReport.Status;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Bronze to silver, dataset by dataset: types and normalizes every row, pseudonymizes user ids and
 * IPs, drops exact duplicates, keeps the latest scrape of each key, and quarantines what breaks the
 * contract. Silver is rebuilt from all bronze rows scraped up to the run date and written with one
 * MERGE, so a rerun changes no row; the dataset's quarantine rows are replaced in one transaction;
 * a pipeline_runs row records read = loaded + quarantined + duplicates.
 */
public final class RefineJob extends PipelineJob implements Stage {

  private static final Logger LOG = LogManager.getLogger(RefineJob.class);

  private final Pseudonymizer pseudonymizer;

  public RefineJob(JobContext job) {
    super(job);
    this.pseudonymizer = new Pseudonymizer(job.conf().salt());
  }

  /**
   * Datasets whose refinement reads another dataset's silver table: activity is checked against the
   * users' registrations, cloud prices are converted with the exchange rates. They run after that
   * dataset.
   */
  private static final Map<String, String> READS_SILVER_OF =
      Map.of(Datasets.SNS_ACTIVITY, Datasets.SNS_USERS, Datasets.CLOUD_PRICES, Datasets.FX_RATES);

  /**
   * The quarantine table is shared by all datasets: one replace at a time (a JVM-wide lock; Delta's
   * commit on a local file system is not safe for two writers of one table, and two replaces would
   * conflict).
   */
  private static final Object QUARANTINE_WRITES = new Object();

  /**
   * Refines the datasets in waves: first those that read no other silver table, then the ones that
   * do; within a wave up to {@code marketlens.parallel-jobs} datasets run at once (each MERGEs its
   * own silver table). A dataset over the quarantine limit stops the run once its wave is done and
   * its audit row is written: the datasets of earlier waves and the others of its wave are
   * complete, later waves untouched.
   */
  @Override
  public List<StageReport> run(List<String> datasets) {
    List<String> selected = new ArrayList<>();
    List<StageReport> reports = new ArrayList<>();
    try (AuditLog audit = job.audit()) {
      for (String dataset : Datasets.ALL) {
        if (!datasets.contains(dataset)) {
          continue;
        }
        if (!DeltaTables.exists(spark, warehouse.bronze(dataset))) {
          // Bronze is created by the first ingest that finds a file scraped on or before its run
          // date.
          String why =
              String.format(
                  "no %s files scraped on or before %s have been ingested (no bronze table)",
                  dataset, conf.runDate());
          LOG.warn("dataset={}: nothing to refine: {}", dataset, why);
          reports.add(
              audit.audited(
                  "refine",
                  dataset,
                  () ->
                      StageReport.skipped(
                          runId, conf.runDate(), "refine", dataset, Instant.now(), why)));
          continue;
        }
        selected.add(dataset);
      }
      if (!selected.isEmpty()) {
        Contract quarantine = contracts.system("quarantine");
        DeltaTables.createIfMissing(
            spark, warehouse.quarantine(), quarantine.sparkSchema(), quarantine.statsColumns());
      }
      for (List<String> wave : waves(selected)) {
        List<Callable<StageReport>> tasks = new ArrayList<>();
        wave.forEach(
            dataset ->
                tasks.add(
                    () ->
                        audit.audited(
                            "refine",
                            dataset,
                            () ->
                                JobGroup.with(
                                    spark.sparkContext(),
                                    "refine:" + dataset,
                                    "MarketLens refine " + dataset + " to silver",
                                    () -> refine(dataset)))));
        List<StageReport> done = Concurrently.run(conf.parallelJobs(), tasks);
        reports.addAll(done);
        for (StageReport report : done) {
          if (report.status() == Status.FAILED) {
            throw Errors.quarantineLimit(
                report.dataset(),
                report.rowsQuarantined(),
                report.rowsRead(),
                conf.maxQuarantineShare());
          }
        }
      }
    }
    return reports;
  }

  /** The datasets (in contract order) split so that each runs after the silver tables it reads. */
  static List<List<String>> waves(List<String> datasets) {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (String dataset : datasets) {
      boolean waits =
          READS_SILVER_OF.containsKey(dataset) && datasets.contains(READS_SILVER_OF.get(dataset));
      (waits ? second : first).add(dataset);
    }
    return second.isEmpty() ? List.of(first) : List.of(first, second);
  }

  StageReport refine(String dataset) {
    Instant start = Instant.now();
    Contract input = contracts.input(dataset);
    Contract silver = contracts.silver(dataset);
    Dataset<Row> bronze =
        DeltaTables.read(spark, warehouse.bronze(dataset))
            .where(col("_scrape_date").leq(lit(conf.runDate())));
    // Counted apart from the classification, so that a row lost or doubled on the way breaks the
    // reconciliation.
    long read = bronze.count();
    // Cached for the counts, the quarantine and the silver write. Only quarantined rows keep their
    // raw text:
    // on millions of rows the raw records would double the cache and push it to disk.
    Dataset<Row> classified =
        classify(dataset, bronze, input, silver)
            .withColumn(RAW, when(col(STATUS).equalTo(QUARANTINED), col(RAW)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> byReason = new HashMap<>();
      long loaded = 0;
      long duplicates = 0;
      for (Row r : classified.groupBy(STATUS, REASON).count().collectAsList()) {
        long n = r.getLong(2);
        switch (r.getString(0)) {
          case LOADED -> loaded += n;
          case QUARANTINED -> byReason.merge(r.getString(1), n, Long::sum);
          default -> duplicates += n;
        }
      }
      StageReport report =
          StageReport.refined(
              runId, conf.runDate(), dataset, read, loaded, byReason, duplicates, start);
      if (!report.reconciles()) {
        throw Errors.reconciliationFailed(
            dataset, read, loaded, report.rowsQuarantined(), duplicates);
      }
      writeQuarantine(dataset, classified);
      if (read > 0 && report.rowsQuarantined() > conf.maxQuarantineShare() * read) {
        String why =
            Errors.quarantineLimit(
                    dataset, report.rowsQuarantined(), read, conf.maxQuarantineShare())
                .getMessage();
        return report.failed(why, Instant.now());
      }
      Dataset<Row> rows =
          classified.where(col(STATUS).equalTo(LOADED)).select(silverColumns(silver));
      DeltaTables.mergeByKey(
          spark,
          rows,
          warehouse.silver(dataset),
          silver.sparkSchema(),
          silver.key(),
          silver.statsColumns());
      return StageReport.refined(
          runId, conf.runDate(), dataset, read, loaded, byReason, duplicates, start);
    } finally {
      classified.unpersist();
    }
  }

  /**
   * Every bronze row of the dataset with its fate: loaded, quarantined or one kind of duplicate.
   */
  private Dataset<Row> classify(
      String dataset, Dataset<Row> bronze, Contract input, Contract silver) {
    // Identical values are one record: keep the copy from the latest scrape, so that its scrape
    // date
    // competes for the key below.
    List<Column> values = new ArrayList<>();
    input.columnNames().forEach(c -> values.add(col(c)));
    values.add(col("_parse_error"));
    // Unreadable records have no values: only their raw text tells them apart.
    values.add(when(col("_parse_error").isNotNull(), col("_raw")));
    Dataset<Row> ranked =
        bronze.withColumn(
            EXACT_RANK,
            row_number()
                .over(
                    Window.partitionBy(values.toArray(Column[]::new))
                        .orderBy(
                            col("_scrape_date").desc(),
                            col("_source_file").desc(),
                            col("_line").desc())));
    SilverRowMapper mapper =
        new SilverRowMapper(input, silver, contracts.aliases(), pseudonymizer, fxTable(dataset));
    Dataset<Row> parsed =
        ranked.mapPartitions(mapper, Encoders.row(SilverRowMapper.outputSchema(silver)));
    if (Datasets.SNS_ACTIVITY.equals(dataset)) {
      parsed = quarantineEventsBeforeRegistration(parsed);
    }
    // The latest scrape of a key wins; ties (same scrape date) go to the later file, then the later
    // line.
    Column[] key = silver.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Column rank =
        row_number()
            .over(
                Window.partitionBy(key)
                    .orderBy(
                        col("scrape_date").desc(),
                        col("source_file").desc(),
                        col("source_line").desc()));
    Dataset<Row> candidates = parsed.where(col(STATUS).isNull());
    Dataset<Row> decided =
        candidates.withColumn(
            STATUS, when(rank.equalTo(1), lit(LOADED)).otherwise(lit(DUPLICATE_SUPERSEDED)));
    return decided.unionByName(parsed.where(col(STATUS).isNotNull()));
  }

  /**
   * Activity rows earlier than their user's registration (when the user is known) are quarantined.
   */
  private Dataset<Row> quarantineEventsBeforeRegistration(Dataset<Row> activity) {
    String usersPath = warehouse.silver(Datasets.SNS_USERS);
    if (!DeltaTables.exists(spark, usersPath)) {
      LOG.warn("dataset=sns_activity: silver sns_users missing, the registration check is skipped");
      return activity;
    }
    Dataset<Row> users =
        DeltaTables.read(spark, usersPath)
            .select(
                col("site").as("_u_site"),
                col("user_key").as("_u_key"),
                col("registered_at").as("_u_registered"));
    Column early = col("_early");
    return activity
        .join(
            users,
            col("site").equalTo(col("_u_site")).and(col("user_key").equalTo(col("_u_key"))),
            "left")
        .withColumn("_early", col(STATUS).isNull().and(col("event_time").lt(col("_u_registered"))))
        .withColumn(STATUS, when(early, lit(QUARANTINED)).otherwise(col(STATUS)))
        .withColumn(
            REASON,
            when(early, lit(QuarantineReason.EVENT_BEFORE_REGISTRATION.code()))
                .otherwise(col(REASON)))
        .withColumn(
            DETAIL, when(early, lit("event before the user's registration")).otherwise(col(DETAIL)))
        .drop("_u_site", "_u_key", "_u_registered", "_early");
  }

  private void writeQuarantine(String dataset, Dataset<Row> classified) {
    Dataset<Row> rows =
        classified
            .where(col(STATUS).equalTo(QUARANTINED))
            .select(
                lit(dataset).as("dataset"),
                col("source_file"),
                col("source_line"),
                col(CHECKSUM).as("checksum"),
                col("scrape_date"),
                col(RAW).as("raw_record"),
                col(REASON).as("reason"),
                col(DETAIL).as("detail"),
                lit(runId).as("run_id"),
                lit(conf.runDate()).as("run_date"));
    synchronized (QUARANTINE_WRITES) {
      DeltaTables.replaceWhere(rows, warehouse.quarantine(), "dataset = '" + dataset + "'");
    }
  }

  private static Column[] silverColumns(Contract silver) {
    return silver.columnNames().stream().map(c -> col(c)).toArray(Column[]::new);
  }

  /**
   * Exchange rates from silver, for the cloud datasets that convert to CNY; empty for the others.
   */
  private FxTable fxTable(String dataset) {
    FxTable fx = new FxTable();
    String path = warehouse.silver(Datasets.FX_RATES);
    if (!dataset.startsWith("cloud_") || !DeltaTables.exists(spark, path)) {
      return fx;
    }
    // A small dimension table (one row per currency and day): collected once and shipped with the
    // task.
    for (Row r :
        DeltaTables.read(spark, path).select("currency", "date", "cny_per_unit").collectAsList()) {
      fx.put(r.getString(0), (LocalDate) r.get(1), (BigDecimal) r.get(2));
    }
    return fx;
  }
}

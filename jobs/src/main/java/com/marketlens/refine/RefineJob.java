package com.marketlens.refine;

import static com.marketlens.refine.SilverRowMapper.CHECKSUM;
import static com.marketlens.refine.SilverRowMapper.DETAIL;
import static com.marketlens.refine.SilverRowMapper.DUPLICATE_QUARANTINED;
import static com.marketlens.refine.SilverRowMapper.DUPLICATE_SUPERSEDED;
import static com.marketlens.refine.SilverRowMapper.EXACT_RANK;
import static com.marketlens.refine.SilverRowMapper.LOADED;
import static com.marketlens.refine.SilverRowMapper.QUARANTINED;
import static com.marketlens.refine.SilverRowMapper.RAW;
import static com.marketlens.refine.SilverRowMapper.REASON;
import static com.marketlens.refine.SilverRowMapper.RECORD;
import static com.marketlens.refine.SilverRowMapper.STATUS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
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
import com.marketlens.refine.RefineWatermarks.Upstream;
import com.marketlens.refine.RefineWatermarks.Watermark;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final RefineWatermarks watermarks;

  public RefineJob(JobContext job) {
    super(job);
    this.pseudonymizer = new Pseudonymizer(job.conf().salt());
    this.watermarks = new RefineWatermarks(spark, warehouse, contracts, runId, conf.runDate());
  }

  /**
   * Datasets whose refinement reads another dataset's silver table: activity is checked against the
   * users' registrations, the cloud datasets are converted with the exchange rates. They run after
   * that dataset, and an increment checks what changed in it (see {@link #upstreamChange}).
   */
  private static final Map<String, String> READS_SILVER_OF =
      Map.of(
          Datasets.SNS_ACTIVITY, Datasets.SNS_USERS,
          Datasets.CLOUD_PRICES, Datasets.FX_RATES,
          Datasets.CLOUD_UNIT_COSTS, Datasets.FX_RATES,
          Datasets.CLOUD_FINANCIALS, Datasets.FX_RATES);

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
        // A quarantine table from before record_hash gets the column (null in its old rows).
        DeltaTables.addMissingColumns(spark, warehouse.quarantine(), quarantine.sparkSchema());
      }
      try {
        refineWaves(selected, audit, reports);
      } finally {
        watermarks.flush();
      }
    }
    return reports;
  }

  private void refineWaves(List<String> selected, AuditLog audit, List<StageReport> reports) {
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
          throw Errors.quarantineLimit(report.message());
        }
      }
    }
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

  /** How a dataset's refine runs this time: in full, or over the rows of an increment. */
  /**
   * How a dataset's refine runs this time: in full (and why), or over the rows appended after
   * bronze version {@code afterVersion} ({@code increment}; null when there are none).
   */
  private record Plan(
      boolean full, String why, Dataset<Row> increment, long afterVersion, Dataset<Row> arrived) {
    static Plan full(String why) {
      return new Plan(true, why, null, -1, null);
    }

    static Plan increment(Dataset<Row> rows, long afterVersion, Dataset<Row> arrived) {
      return new Plan(false, null, rows, afterVersion, arrived);
    }
  }

  StageReport refine(String dataset) {
    Instant start = Instant.now();
    String bronzePath = warehouse.bronze(dataset);
    // The next refine reads the rows appended after this one from bronze's change data feed; a
    // bronze table of an older warehouse gets the feed here, before its version is pinned.
    DeltaTables.enableChangeFeed(spark, bronzePath);
    long bronzeVersion = DeltaTables.version(spark, bronzePath);
    String bronzeId = DeltaTables.tableId(spark, bronzePath);
    Upstream upstream = upstream(dataset);
    Plan plan = plan(dataset, bronzePath, bronzeId, bronzeVersion, upstream);
    if (plan.full()) {
      LOG.info("dataset={}: full refine: {}", dataset, plan.why());
      Dataset<Row> pinned = DeltaTables.readVersion(spark, bronzePath, bronzeVersion);
      // Rows scraped after the run date are left out: then the next run must refine in full too,
      // even if this one stops before its watermark is written.
      boolean complete = pinned.where(col("_scrape_date").gt(lit(conf.runDate()))).isEmpty();
      if (!complete) {
        watermarks.markIncomplete(dataset, bronzeId, bronzeVersion, upstream);
      }
      StageReport report =
          refineRows(
              dataset,
              pinned.where(col("_scrape_date").leq(lit(conf.runDate()))),
              upstream,
              true,
              0,
              0,
              "full: " + plan.why());
      if (report.status() != Status.FAILED) {
        watermarks.advance(
            dataset,
            bronzeId,
            bronzeVersion,
            upstream,
            report.rowsRead(),
            report.rowsQuarantined(),
            complete,
            "full");
      }
      return report;
    }
    String how =
        plan.increment() == null
            ? "incremental: no bronze rows since version " + plan.afterVersion()
            : String.format(
                "incremental: bronze versions %d to %d", plan.afterVersion() + 1, bronzeVersion);
    // An incremental plan has a watermark; its totals make the quarantine limit a full refine's.
    RefineWatermarks.Watermark mark = watermarks.read(dataset).orElseThrow();
    StageReport report =
        plan.increment() == null
            ? StageReport.refined(runId, conf.runDate(), dataset, 0, 0, Map.of(), 0, start, how)
            : refineRows(
                dataset,
                plan.increment(),
                upstream,
                false,
                mark.rowsRead(),
                mark.rowsQuarantined(),
                how);
    if (report.status() != Status.FAILED) {
      if (plan.arrived() != null && DeltaTables.exists(spark, unknownUsersPath())) {
        // Users that arrived are known now; their loaded events were checked in plan().
        DeltaTables.deleteKeys(spark, plan.arrived(), unknownUsersPath(), USER);
      }
      watermarks.advance(
          dataset,
          bronzeId,
          bronzeVersion,
          upstream,
          mark.rowsRead() + report.rowsRead(),
          mark.rowsQuarantined() + report.rowsQuarantined(),
          true,
          "incremental");
    }
    return report;
  }

  /**
   * Full or incremental, and why. Incremental needs a complete watermark of this very bronze table,
   * a silver table of the contract's columns, a change data feed covering the new bronze versions,
   * and no upstream change that alters rows already refined.
   */
  private Plan plan(
      String dataset, String bronzePath, String bronzeId, long bronzeVersion, Upstream upstream) {
    if (conf.fullRefresh()) {
      return Plan.full("--full-refresh");
    }
    Optional<Watermark> mark = watermarks.read(dataset);
    if (mark.isEmpty()) {
      return Plan.full("first refine");
    }
    Watermark w = mark.get();
    String silverPath = warehouse.silver(dataset);
    if (!w.complete()) {
      return Plan.full(
          "the last full refine did not finish, or left out rows scraped after its run date");
    }
    if (!w.bronzeTableId().equals(bronzeId) || w.bronzeVersion() > bronzeVersion) {
      return Plan.full("bronze was created anew since the last refine");
    }
    if (!DeltaTables.exists(spark, silverPath)) {
      return Plan.full("no silver table");
    }
    if (!DeltaTables.hasColumns(spark, silverPath, contracts.silver(dataset).sparkSchema())) {
      return Plan.full("silver has the columns of an older contract");
    }
    List<Dataset<Row>> arrived = new ArrayList<>();
    String upstreamWhy = upstreamChange(dataset, w, upstream, arrived);
    if (upstreamWhy != null) {
      return Plan.full(upstreamWhy);
    }
    Dataset<Row> arrivedUsers = arrived.isEmpty() ? null : arrived.get(0);
    if (w.bronzeVersion() == bronzeVersion) {
      return Plan.increment(null, w.bronzeVersion(), arrivedUsers);
    }
    Optional<Dataset<Row>> changes =
        DeltaTables.changes(spark, bronzePath, w.bronzeVersion(), bronzeVersion);
    if (changes.isEmpty()) {
      return Plan.full(
          String.format(
              "bronze's change data feed does not cover versions %d to %d",
              w.bronzeVersion() + 1, bronzeVersion));
    }
    Dataset<Row> increment =
        changes
            .get()
            .where(col("_change_type").equalTo("insert"))
            .drop("_change_type", "_commit_version", "_commit_timestamp");
    return Plan.increment(increment, w.bronzeVersion(), arrivedUsers);
  }

  /**
   * Why the upstream silver table's changes since the watermark call for a full refine, or null.
   * The cloud datasets are converted with the exchange rates: any change to them re-converts
   * everything (these tables are small). Activity is checked against registrations: a changed
   * registration, a removed user, or a user who arrives registered after activity already loaded
   * for them call for a full refine; users who simply arrive go to {@code arrived}.
   */
  private String upstreamChange(
      String dataset, Watermark w, Upstream upstream, List<Dataset<Row>> arrived) {
    if (upstream == null) {
      return null;
    }
    String table = "silver " + upstream.dataset();
    if (!upstream.exists() || w.upstreamVersion() == null) {
      return upstream.exists() == (w.upstreamVersion() != null)
          ? null
          : table + " appeared or disappeared since the last refine";
    }
    if (!upstream.tableId().equals(w.upstreamTableId())) {
      return table + " was created anew since the last refine";
    }
    if (upstream.version().equals(w.upstreamVersion())) {
      return null;
    }
    Optional<Dataset<Row>> feed =
        DeltaTables.changes(spark, upstream.path(), w.upstreamVersion(), upstream.version());
    if (feed.isEmpty()) {
      return table + "'s change data feed does not cover the versions since the last refine";
    }
    Dataset<Row> changes = feed.get();
    if (!Datasets.SNS_ACTIVITY.equals(dataset)) {
      return changes.isEmpty()
          ? null
          : "exchange rates changed since the last refine (amounts are converted with them)";
    }
    if (!changes.where(col("_change_type").equalTo("delete")).isEmpty()) {
      return "users were removed from " + table;
    }
    Dataset<Row> before = registrations(changes, "update_preimage", "_before");
    Dataset<Row> after = registrations(changes, "update_postimage", "_after");
    if (!before
        .join(after, new String[] {"site", "user_key", "_commit_version"})
        .where(not(col("_before").eqNullSafe(col("_after"))))
        .isEmpty()) {
      return "registrations changed in "
          + table
          + " (events before a registration are quarantined)";
    }
    Dataset<Row> inserted =
        changes
            .where(col("_change_type").equalTo("insert"))
            .select(col("site"), col("user_key"), col("registered_at"));
    if (DeltaTables.exists(spark, unknownUsersPath())
        && !inserted
            .join(DeltaTables.read(spark, unknownUsersPath()), new String[] {"site", "user_key"})
            .where(col("first_event_time").lt(col("registered_at")))
            .isEmpty()) {
      return "users arrived in " + table + " registered after activity already loaded for them";
    }
    arrived.add(inserted.select("site", "user_key"));
    return null;
  }

  /** The registration of each user changed by one commit, before or after the change. */
  private static Dataset<Row> registrations(Dataset<Row> changes, String changeType, String as) {
    return changes
        .where(col("_change_type").equalTo(changeType))
        .select(col("site"), col("user_key"), col("_commit_version"), col("registered_at").as(as));
  }

  /** The silver table the dataset's refine reads, pinned at its current version; or null. */
  private Upstream upstream(String dataset) {
    String name = dataset.startsWith("cloud_") ? Datasets.FX_RATES : READS_SILVER_OF.get(dataset);
    if (name == null) {
      return null;
    }
    String path = warehouse.silver(name);
    if (!DeltaTables.exists(spark, path)) {
      return new Upstream(name, path, null, null);
    }
    return new Upstream(
        name, path, DeltaTables.tableId(spark, path), DeltaTables.version(spark, path));
  }

  private String unknownUsersPath() {
    return warehouse.system("activity_unknown_users");
  }

  private static final List<String> USER = List.of("site", "user_key");

  /**
   * Classifies {@code bronze} (all rows for a full refine, the new ones for an increment), checks
   * the reconciliation, writes quarantine, silver and the activity state. The quarantine limit
   * applies to the rows refined since the last full refine, {@code priorRead} and {@code
   * priorQuarantined} of them before this increment: the share a full refine over the same files
   * would find, so that a small day with one broken file is judged as part of its history.
   */
  private StageReport refineRows(
      String dataset,
      Dataset<Row> bronze,
      Upstream upstream,
      boolean full,
      long priorRead,
      long priorQuarantined,
      String how) {
    Instant start = Instant.now();
    Contract input = contracts.input(dataset);
    Contract silver = contracts.silver(dataset);
    // Counted apart from the classification, so that a row lost or doubled on the way breaks the
    // reconciliation.
    long read = bronze.count();
    // Cached for the counts, the quarantine and the silver write. Only quarantined rows keep their
    // raw text: on millions of rows the raw records would double the cache and push it to disk.
    Dataset<Row> marked = classify(dataset, bronze, input, silver, upstream);
    if (!full) {
      marked = markQuarantinedBefore(dataset, marked);
    }
    Dataset<Row> classified =
        marked
            .withColumn(RAW, when(col(STATUS).isin(QUARANTINED, DUPLICATE_QUARANTINED), col(RAW)))
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
              runId, conf.runDate(), dataset, read, loaded, byReason, duplicates, start, how);
      if (!report.reconciles()) {
        throw Errors.reconciliationFailed(
            dataset, read, loaded, report.rowsQuarantined(), duplicates);
      }
      writeQuarantine(dataset, classified, full);
      long totalRead = priorRead + read;
      long totalQuarantined = priorQuarantined + report.rowsQuarantined();
      if (read > 0 && totalQuarantined > conf.maxQuarantineShare() * totalRead) {
        String why =
            Errors.quarantineLimit(dataset, totalQuarantined, totalRead, conf.maxQuarantineShare())
                .getMessage();
        if (priorRead > 0) {
          why +=
              String.format(
                  " The counts cover every row refined since the last full refine; this increment"
                      + " quarantined %d of %d.",
                  report.rowsQuarantined(), read);
        }
        return report.failed(why, Instant.now());
      }
      Dataset<Row> rows =
          classified.where(col(STATUS).equalTo(LOADED)).select(silverColumns(silver));
      String silverPath = warehouse.silver(dataset);
      long changed = loaded;
      if (full) {
        DeltaTables.mergeByKey(
            spark, rows, silverPath, silver.sparkSchema(), silver.key(), silver.statsColumns());
      } else if (loaded > 0) {
        changed = upsertLatest(rows, silverPath, silver);
      }
      if (Datasets.SNS_ACTIVITY.equals(dataset)) {
        writeUnknownUsers(classified, full);
      }
      // An increment's row that lost to a later scrape already in silver is superseded too.
      return StageReport.refined(
          runId,
          conf.runDate(),
          dataset,
          read,
          changed,
          byReason,
          duplicates + loaded - changed,
          start,
          how);
    } finally {
      classified.unpersist();
    }
  }

  /**
   * MERGEs an increment's winners into silver under the same rule as a full refine: a key's row is
   * replaced only by one from a later scrape (then a later file, then a later line), so a late file
   * for an old scrape date never overwrites a newer scrape, and the same row refined twice changes
   * nothing. Returns the rows inserted or replaced.
   */
  private long upsertLatest(Dataset<Row> rows, String silverPath, Contract silver) {
    long before = DeltaTables.version(spark, silverPath);
    DeltaTables.upsert(
        spark,
        rows,
        silverPath,
        silver.sparkSchema(),
        silver.key(),
        silver.statsColumns(),
        LATER_COPY,
        true);
    if (DeltaTables.version(spark, silverPath) == before) {
      return 0;
    }
    return DeltaTables.lastCommitMetric(spark, silverPath, "numTargetRowsInserted")
        + DeltaTables.lastCommitMetric(spark, silverPath, "numTargetRowsUpdated");
  }

  /**
   * Records the users whose loaded activity had no registration to check against, with their
   * earliest loaded event (see schemas/system/activity_unknown_users.json): rebuilt by a full
   * refine, merged by an increment.
   */
  private void writeUnknownUsers(Dataset<Row> classified, boolean full) {
    Contract state = contracts.system("activity_unknown_users");
    Dataset<Row> unknown =
        classified
            .where(col(STATUS).equalTo(LOADED).and(not(col(USER_KNOWN))))
            .groupBy("site", "user_key")
            .agg(min("event_time").as("first_event_time"));
    if (full) {
      DeltaTables.overwrite(
          spark, unknown, unknownUsersPath(), state.sparkSchema(), state.statsColumns());
    } else {
      DeltaTables.upsert(
          spark,
          unknown,
          unknownUsersPath(),
          state.sparkSchema(),
          state.key(),
          state.statsColumns(),
          "s.first_event_time < t.first_event_time",
          false);
    }
  }

  /**
   * Every bronze row of the dataset with its fate: loaded, quarantined or one kind of duplicate.
   */
  private Dataset<Row> classify(
      String dataset, Dataset<Row> bronze, Contract input, Contract silver, Upstream upstream) {
    // Identical values are one record: keep the copy from the latest scrape, so that its scrape
    // date
    // competes for the key below.
    List<Column> values = new ArrayList<>();
    input.columnNames().forEach(c -> values.add(col(c)));
    values.add(col("_parse_error"));
    // Unreadable records have no values: only their raw text tells them apart.
    values.add(when(col("_parse_error").isNotNull(), col("_raw")));
    Dataset<Row> ranked =
        bronze
            .withColumn(RECORD, sha2(to_json(struct(values.toArray(Column[]::new))), 256))
            .withColumn(
                EXACT_RANK,
                row_number()
                    .over(
                        Window.partitionBy(values.toArray(Column[]::new))
                            .orderBy(
                                col("_scrape_date").desc(),
                                col("_source_file").desc(),
                                col("_line").desc())));
    SilverRowMapper mapper =
        new SilverRowMapper(
            input, silver, contracts.aliases(), pseudonymizer, fxTable(dataset, upstream));
    Dataset<Row> parsed =
        ranked.mapPartitions(mapper, Encoders.row(SilverRowMapper.outputSchema(silver)));
    if (Datasets.SNS_ACTIVITY.equals(dataset)) {
      parsed = quarantineEventsBeforeRegistration(parsed, upstream);
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
   * Activity rows earlier than their user's registration (when the user is known) are quarantined;
   * {@code _user_known} tells whether the user was.
   */
  private Dataset<Row> quarantineEventsBeforeRegistration(Dataset<Row> activity, Upstream users) {
    if (!users.exists()) {
      LOG.warn("dataset=sns_activity: silver sns_users missing, the registration check is skipped");
      return activity.withColumn(USER_KNOWN, lit(false));
    }
    Dataset<Row> registrations =
        DeltaTables.readVersion(spark, users.path(), users.version())
            .select(
                col("site").as("_u_site"),
                col("user_key").as("_u_key"),
                col("registered_at").as("_u_registered"));
    Column early = col("_early");
    return activity
        .join(
            registrations,
            col("site").equalTo(col("_u_site")).and(col("user_key").equalTo(col("_u_key"))),
            "left")
        .withColumn(USER_KNOWN, col("_u_key").isNotNull())
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

  private static final String USER_KNOWN = "_user_known";

  /**
   * A full refine replaces the dataset's quarantine rows; an increment adds its own (a row already
   * there, from a rerun of the same increment, is not added twice).
   */
  private void writeQuarantine(String dataset, Dataset<Row> classified, boolean full) {
    Dataset<Row> rows =
        classified
            .where(col(STATUS).isin(QUARANTINED, DUPLICATE_QUARANTINED))
            .select(
                lit(dataset).as("dataset"),
                col("source_file"),
                col("source_line"),
                col(CHECKSUM).as("checksum"),
                col(RECORD).as("record_hash"),
                col("scrape_date"),
                col(RAW).as("raw_record"),
                col(REASON).as("reason"),
                col(DETAIL).as("detail"),
                lit(runId).as("run_id"),
                lit(conf.runDate()).as("run_date"));
    synchronized (QUARANTINE_WRITES) {
      if (full) {
        DeltaTables.replaceWhere(rows, warehouse.quarantine(), "dataset = '" + dataset + "'");
      } else {
        // One row per bad record, the copy of the latest scrape, as a full refine keeps it.
        Contract quarantine = contracts.system("quarantine");
        DeltaTables.upsert(
            spark,
            rows,
            warehouse.quarantine(),
            quarantine.sparkSchema(),
            List.of("dataset", "record_hash"),
            quarantine.statsColumns(),
            LATER_COPY,
            false);
      }
    }
  }

  /** A MERGE's source row comes from a later scrape, then a later file, then a later line. */
  private static final String LATER_COPY =
      "s.scrape_date > t.scrape_date OR (s.scrape_date = t.scrape_date AND (s.source_file >"
          + " t.source_file OR (s.source_file = t.source_file AND s.source_line > t.source_line)))";

  /**
   * Marks the increment's quarantined records that the quarantine holds already (a copy from an
   * earlier scrape) as duplicates: a full refine counts the copies of a record once.
   */
  private Dataset<Row> markQuarantinedBefore(String dataset, Dataset<Row> classified) {
    Dataset<Row> known =
        DeltaTables.read(spark, warehouse.quarantine())
            .where(col("dataset").equalTo(dataset).and(col("record_hash").isNotNull()))
            .select(col("record_hash").as(KNOWN))
            .distinct();
    return classified
        .join(known, col(RECORD).equalTo(col(KNOWN)), "left")
        .withColumn(
            STATUS,
            when(
                    col(STATUS).equalTo(QUARANTINED).and(col(KNOWN).isNotNull()),
                    lit(DUPLICATE_QUARANTINED))
                .otherwise(col(STATUS)))
        .drop(KNOWN);
  }

  private static final String KNOWN = "_known_record";

  private static Column[] silverColumns(Contract silver) {
    return silver.columnNames().stream().map(c -> col(c)).toArray(Column[]::new);
  }

  /**
   * Exchange rates from silver (as pinned), for the cloud datasets that convert to CNY; empty for
   * the others.
   */
  private FxTable fxTable(String dataset, Upstream rates) {
    FxTable fx = new FxTable();
    if (rates == null || !Datasets.FX_RATES.equals(rates.dataset()) || !rates.exists()) {
      return fx;
    }
    // A small dimension table (one row per currency and day): collected once and shipped with the
    // task.
    for (Row r :
        DeltaTables.readVersion(spark, rates.path(), rates.version())
            .select("currency", "date", "cny_per_unit")
            .collectAsList()) {
      fx.put(r.getString(0), (LocalDate) r.get(1), (BigDecimal) r.get(2));
    }
    return fx;
  }
}

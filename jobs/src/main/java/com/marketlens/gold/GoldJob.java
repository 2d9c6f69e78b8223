package com.marketlens.gold;

import com.marketlens.config.Setting;
import com.marketlens.config.Settings;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.JobGroup;
import com.marketlens.pipeline.PipelineJob;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * What the gold jobs share: their silver inputs and the write of a gold table. Each gold table is
 * rebuilt from silver and replaced in one Delta transaction, so a rerun writes the same rows and a
 * failed write leaves the previous version. In the audit table a gold row counts the rows the table
 * was rebuilt with (read = loaded: an aggregate drops nothing). A job whose silver inputs, settings
 * and contracts are as when it last built its tables is skipped ({@link GoldBuilds}): a daily run
 * rebuilds only what the day's data changed.
 */
public abstract class GoldJob extends PipelineJob {

  private static final Logger LOG = LogManager.getLogger(GoldJob.class);

  /** Per silver input, why it is unusable (empty when usable); asked once per job. */
  private final Map<String, Optional<String>> inputState = new ConcurrentHashMap<>();

  private final String name;
  private final List<String> tables;
  private final List<String> reads;
  private final String description;

  /** Set around each build: what the last build recorded of its parts, and what this one saw. */
  private Optional<Map<String, String>> previousParts = Optional.empty();

  private Map<String, String> builtParts = Map.of();

  /**
   * @param name the job as {@code --job} spells it; its settings are {@code marketlens.<name>.*}
   * @param tables the gold tables it builds
   * @param needs the silver datasets it cannot be built without (a run whose input holds only some
   *     datasets runs the jobs whose needs it holds: {@code GoldJobs.coveredBy})
   * @param optional the other silver datasets it reads when they exist; needs and these are every
   *     dataset it reads (reading another fails: the skip check covers these)
   * @param description names the job's Spark jobs (UI, event log), with group {@code gold:<name>}
   */
  protected GoldJob(
      JobContext job,
      String name,
      List<String> tables,
      List<String> needs,
      List<String> optional,
      String description) {
    super(job);
    this.name = name;
    this.tables = List.copyOf(tables);
    List<String> reads = new ArrayList<>(needs);
    reads.addAll(optional);
    this.reads = List.copyOf(reads);
    this.description = description;
  }

  /** Builds the job's tables (unless unchanged) and writes their audit rows. */
  public final List<StageReport> run() {
    GoldBuilds builds = new GoldBuilds(job);
    try (AuditLog audit = job.audit()) {
      List<StageReport> reports = run(audit, builds);
      builds.flush();
      return reports;
    }
  }

  /**
   * Builds the job's tables, recording each in {@code audit} (shared when gold jobs run
   * concurrently), unless {@code builds} says they were built from the same inputs; a build whose
   * every table was written is recorded in {@code builds}.
   */
  public final List<StageReport> run(AuditLog audit, GoldBuilds builds) {
    // Taken before the build: the run's warehouse lock keeps silver as it is during gold.
    String inputs = inputs();
    Optional<String> builtBy =
        conf.fullRefresh() ? Optional.empty() : builds.unchangedSince(name, inputs, tables);
    if (builtBy.isPresent()) {
      LOG.info("gold job {} skipped: unchanged since run {}", name, builtBy.get());
      return unchanged(
          audit,
          "its silver inputs, settings and contract are as when run "
              + builtBy.get()
              + " built it");
    }
    previousParts =
        conf.fullRefresh()
            ? Optional.empty()
            : builds.partsIfOnlyDataChanged(name, rules(), tables);
    builtParts = Map.of();
    List<StageReport> reports =
        JobGroup.with(spark.sparkContext(), "gold:" + name, description, () -> build(audit));
    if (reports.stream().allMatch(r -> r.status() != StageReport.Status.FAILED)) {
      builds.built(name, inputs, tables, builtParts);
    }
    return reports;
  }

  /**
   * For a job built by parts (the graph job: sites), the digest of each part as its last build
   * recorded, when only silver data changed since (same settings and contracts, tables as that
   * build left them); the job may then rebuild only the parts whose digest changed. Empty: rebuild
   * everything.
   */
  protected Optional<Map<String, String>> previousParts() {
    return previousParts;
  }

  /** The digest of each part this build saw, recorded with the build. */
  protected void recordParts(Map<String, String> parts) {
    builtParts = Map.copyOf(parts);
  }

  /**
   * What the job's tables are built from: each silver input's table id and version, the job's
   * settings and a digest of its tables' contracts.
   */
  String inputs() {
    StringBuilder s = new StringBuilder();
    for (String dataset : reads) {
      s.append(dataset)
          .append('=')
          .append(DeltaTables.identity(spark, warehouse.silver(dataset)))
          .append(';');
    }
    return s.append(rules()).toString();
  }

  /** The part of {@link #inputs} that is not silver data: settings, contracts, the run date. */
  private String rules() {
    StringBuilder s = new StringBuilder();
    for (Setting<?> setting : Settings.ALL) {
      if (setting.key().startsWith("marketlens." + name + ".")) {
        Object value = conf.get(setting);
        s.append(setting.key())
            .append('=')
            .append(value instanceof Map<?, ?> m ? new TreeMap<>(m) : value)
            .append(';');
      }
    }
    StringBuilder schemas = new StringBuilder();
    for (String table : tables) {
      Contract contract = contracts.gold(table);
      schemas.append(table).append(contract.key()).append(contract.sparkSchema().json());
    }
    return s.append("contracts=")
        .append(sha256(schemas.toString()))
        .append(';')
        .append(runDateDependence())
        .toString();
  }

  /**
   * What of the run date the job's tables depend on (empty: nothing), so that a rerun on a later
   * date rebuilds them when that changes although silver did not.
   */
  protected String runDateDependence() {
    return "";
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds the job's tables, recording each in {@code audit}. */
  protected abstract List<StageReport> build(AuditLog audit);

  /**
   * Why the tables built from {@code datasets} cannot be built now: the first of them whose silver
   * table is missing or has no rows, said as it is; empty when every one has rows. A team may
   * scrape one market only, and a backfill may predate a dataset's first scrape: such tables are
   * written empty (see {@link #skipped}), not failed.
   */
  protected Optional<String> unavailable(String... datasets) {
    for (String dataset : datasets) {
      declared(dataset);
      Optional<String> why = inputState.computeIfAbsent(dataset, this::whyEmpty);
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  private Optional<String> whyEmpty(String dataset) {
    String path = warehouse.silver(dataset);
    if (!DeltaTables.exists(spark, path)) {
      return Optional.of(
          DeltaTables.exists(spark, warehouse.bronze(dataset))
              ? String.format("silver %s has not been refined yet (run refine)", dataset)
              : String.format(
                  "no %s files scraped on or before %s have been ingested",
                  dataset, conf.runDate()));
    }
    // Asked once per input and job; Delta answers a plain count from the row counts in its log.
    return silver(dataset).count() == 0
        ? Optional.of(String.format("silver %s is empty", dataset))
        : Optional.empty();
  }

  /**
   * Writes each of {@code tables} empty, with its contract's schema (BI views and the report keep
   * working on it), and reports it skipped with the reason; one WARN line per table.
   */
  protected List<StageReport> skipped(AuditLog audit, String why, String... tables) {
    List<StageReport> reports = new ArrayList<>();
    for (String table : tables) {
      reports.add(
          audit.audited(
              "gold",
              table,
              () -> {
                Instant start = Instant.now();
                Contract contract = contracts.gold(table);
                String path = warehouse.gold(table);
                if (DeltaTables.exists(spark, path)) {
                  DeltaTables.overwrite(
                      spark,
                      spark.createDataFrame(List.of(), contract.sparkSchema()),
                      path,
                      contract.sparkSchema(),
                      contract.statsColumns());
                } else {
                  DeltaTables.createIfMissing(
                      spark, path, contract.sparkSchema(), contract.statsColumns());
                }
                LOG.warn("gold table {} written empty: {}", table, why);
                return StageReport.skipped(runId, conf.runDate(), "gold", table, start, why);
              }));
    }
    return reports;
  }

  protected Dataset<Row> silver(String dataset) {
    return DeltaTables.read(spark, warehouse.silver(declared(dataset)));
  }

  /** A silver table, or an empty one with its contract's columns when it was never built. */
  protected Dataset<Row> silverOrEmpty(String dataset) {
    declared(dataset);
    return DeltaTables.exists(spark, warehouse.silver(dataset))
        ? silver(dataset)
        : spark.createDataFrame(List.of(), contracts.silver(dataset).sparkSchema());
  }

  /** The dataset, checked to be among the job's declared reads (so its skip check is sound). */
  protected String declared(String dataset) {
    if (!reads.contains(dataset)) {
      throw new IllegalStateException(
          "gold job " + name + " reads silver " + dataset + " but does not declare it");
    }
    return dataset;
  }

  /**
   * Replaces the rows of {@code table} whose {@code column} is one of {@code values} by {@code
   * rows} (which hold only such rows), in one commit; the other rows stay. Only for a job rebuilt
   * by parts, after {@link #previousParts} said the table is as its last build left it.
   */
  protected StageReport writeParts(
      AuditLog audit, String table, Dataset<Row> rows, String column, Set<String> values) {
    return audited(
        audit,
        table,
        conformed -> {
          DeltaTables.replaceWhere(spark, conformed, warehouse.gold(table), column, values);
          // Counted in the table: the commit's metrics also count the other parts' rows it copied
          // out of files it rewrote.
          return DeltaTables.read(spark, warehouse.gold(table))
              .filter(functions.col(column).isin(values.toArray()))
              .count();
        },
        rows);
  }

  protected StageReport write(AuditLog audit, String table, Dataset<Row> rows) {
    return audited(
        audit,
        table,
        conformed -> {
          Contract contract = contracts.gold(table);
          DeltaTables.overwrite(
              spark,
              conformed,
              warehouse.gold(table),
              contract.sparkSchema(),
              contract.statsColumns());
          return DeltaTables.lastCommitOutputRows(spark, warehouse.gold(table));
        },
        rows);
  }

  /**
   * Writes {@code rows}, conformed to the table's contract, by {@code writer} (which returns the
   * rows written), as one audited gold stage.
   */
  private StageReport audited(
      AuditLog audit, String table, Function<Dataset<Row>, Long> writer, Dataset<Row> rows) {
    if (!tables.contains(table)) {
      throw new IllegalStateException("gold job " + name + " does not declare table " + table);
    }
    return audit.audited(
        "gold",
        table,
        () -> {
          Instant start = Instant.now();
          long written = writer.apply(contracts.gold(table).conform(rows));
          return StageReport.written(runId, conf.runDate(), "gold", table, written, start);
        });
  }

  /** Every table of the job as kept unchanged, for {@code why}, in the audit. */
  protected List<StageReport> unchanged(AuditLog audit, String why) {
    return tables.stream()
        .map(
            t ->
                audit.audited(
                    "gold", t, () -> StageReport.unchanged(runId, conf.runDate(), "gold", t, why)))
        .toList();
  }
}

package com.marketlens.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage did to one dataset: the row of the {@code pipeline_runs} audit table. Every report
 * satisfies rows read = loaded + quarantined + duplicates dropped.
 */
public record StageReport(
    String runId,
    LocalDate runDate,
    String stage,
    String dataset,
    long filesRead,
    long filesSkipped,
    long rowsRead,
    long rowsLoaded,
    Map<String, Long> quarantinedByReason,
    long duplicatesDropped,
    Instant startedAt,
    Instant endedAt,
    Status status,
    String message) {

  /** How a stage ended for one dataset or table (the audit table's {@code status}). */
  public enum Status {
    SUCCEEDED,
    FAILED,
    /** Nothing to do: no input files due, no bronze rows, or a gold table without its inputs. */
    SKIPPED;

    /** As the audit table and the summary spell it. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return code();
    }
  }

  public StageReport {
    quarantinedByReason = new TreeMap<>(quarantinedByReason);
  }

  public long rowsQuarantined() {
    return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean reconciles() {
    return rowsRead == rowsLoaded + rowsQuarantined() + duplicatesDropped;
  }

  public double seconds() {
    return (endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
  }

  /** Ingest of one dataset: {@code rows} records of {@code filesRead} new files, all to bronze. */
  public static StageReport ingested(
      String runId,
      LocalDate runDate,
      String dataset,
      long filesRead,
      long filesSkipped,
      long rows,
      Instant start) {
    return whole("ingest", runId, runDate, dataset, filesRead, filesSkipped, rows, start, null);
  }

  /**
   * Refine of one dataset: its bronze rows and what became of them; {@code how} says whether it was
   * a full or an incremental refine, and why.
   */
  public static StageReport refined(
      String runId,
      LocalDate runDate,
      String dataset,
      long read,
      long loaded,
      Map<String, Long> quarantinedByReason,
      long duplicates,
      Instant start,
      String how) {
    return new StageReport(
        runId,
        runDate,
        "refine",
        dataset,
        0,
        0,
        read,
        loaded,
        quarantinedByReason,
        duplicates,
        start,
        Instant.now(),
        Status.SUCCEEDED,
        how);
  }

  /** A table written whole by {@code stage} (gold, export): {@code rows} read and written. */
  public static StageReport written(
      String runId, LocalDate runDate, String stage, String table, long rows, Instant start) {
    return whole(stage, runId, runDate, table, 0, 0, rows, start, null);
  }

  /** Maintenance of one table: its rows (unchanged) and the layout it now has. */
  public static StageReport optimized(
      String runId,
      LocalDate runDate,
      String dataset,
      long filesBefore,
      long rows,
      Instant start,
      String layout) {
    return whole("optimize", runId, runDate, dataset, filesBefore, 0, rows, start, layout);
  }

  /** A stage that loaded every row it read (nothing quarantined or dropped), ending now. */
  private static StageReport whole(
      String stage,
      String runId,
      LocalDate runDate,
      String dataset,
      long filesRead,
      long filesSkipped,
      long rows,
      Instant start,
      String message) {
    return new StageReport(
        runId,
        runDate,
        stage,
        dataset,
        filesRead,
        filesSkipped,
        rows,
        rows,
        Map.of(),
        0,
        start,
        Instant.now(),
        Status.SUCCEEDED,
        message);
  }

  /** A stage that counted nothing (it failed first, or had nothing to do). */
  private static StageReport nothing(
      String runId,
      LocalDate runDate,
      String stage,
      String dataset,
      Instant start,
      Instant end,
      Status status,
      String message) {
    return new StageReport(
        runId, runDate, stage, dataset, 0, 0, 0, 0, Map.of(), 0, start, end, status, message);
  }

  /** A stage that threw before it could count anything: nothing was committed. */
  public static StageReport failure(
      String runId, LocalDate runDate, String stage, String dataset, Instant at, Throwable cause) {
    String message = cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage());
    return nothing(
        runId,
        runDate,
        stage,
        dataset,
        at,
        at,
        Status.FAILED,
        message.length() > 2000 ? message.substring(0, 2000) : message);
  }

  /**
   * A stage that had nothing to do for a dataset or table (no input files due, no bronze rows, a
   * gold table whose silver inputs are empty): zero rows, and {@code why} says what is missing.
   */
  public static StageReport skipped(
      String runId, LocalDate runDate, String stage, String dataset, Instant start, String why) {
    return nothing(runId, runDate, stage, dataset, start, Instant.now(), Status.SKIPPED, why);
  }

  /** How the message of a gold table kept as it was (its inputs unchanged) starts. */
  public static final String UNCHANGED = "unchanged:";

  /** A table kept as it was, as nothing it is made from changed; {@code since} says what. */
  public static StageReport unchanged(
      String runId, LocalDate runDate, String stage, String table, String since) {
    Instant now = Instant.now();
    return nothing(runId, runDate, stage, table, now, now, Status.SKIPPED, UNCHANGED + " " + since);
  }

  public boolean isSkipped() {
    return status == Status.SKIPPED;
  }

  public StageReport failed(String why, Instant end) {
    return new StageReport(
        runId,
        runDate,
        stage,
        dataset,
        filesRead,
        filesSkipped,
        rowsRead,
        rowsLoaded,
        quarantinedByReason,
        duplicatesDropped,
        startedAt,
        end,
        Status.FAILED,
        why);
  }

  /** One log line, the same for every stage. */
  public String logLine() {
    return String.format(
        "stage=%s dataset=%s status=%s files=%d skipped_files=%d read=%d loaded=%d quarantined=%d"
            + " duplicates=%d seconds=%.1f%s",
        stage,
        dataset,
        status,
        filesRead,
        filesSkipped,
        rowsRead,
        rowsLoaded,
        rowsQuarantined(),
        duplicatesDropped,
        seconds(),
        quarantinedByReason.isEmpty() ? "" : " reasons=" + quarantinedByReason);
  }
}

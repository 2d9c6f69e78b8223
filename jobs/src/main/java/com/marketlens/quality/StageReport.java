package com.marketlens.quality;

import java.time.Instant;
import java.time.LocalDate;
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
    String status,
    String message) {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

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

  /** A stage that threw before it could count anything: nothing was committed. */
  public static StageReport failure(
      String runId, LocalDate runDate, String stage, String dataset, Instant at, Throwable cause) {
    String message = cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage());
    return new StageReport(
        runId,
        runDate,
        stage,
        dataset,
        0,
        0,
        0,
        0,
        Map.of(),
        0,
        at,
        at,
        "failed",
        message.length() > 2000 ? message.substring(0, 2000) : message);
  }

  /**
   * A stage that had nothing to do for a dataset or table (no input files due, no bronze rows, a
   * gold table whose silver inputs are empty): zero rows, and {@code why} says what is missing.
   */
  public static StageReport skipped(
      String runId, LocalDate runDate, String stage, String dataset, Instant start, String why) {
    return new StageReport(
        runId,
        runDate,
        stage,
        dataset,
        0,
        0,
        0,
        0,
        Map.of(),
        0,
        start,
        Instant.now(),
        SKIPPED,
        why);
  }

  public boolean isSkipped() {
    return SKIPPED.equals(status);
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
        "failed",
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

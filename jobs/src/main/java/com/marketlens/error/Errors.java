package com.marketlens.error;

import com.marketlens.error.MarketLensException.Kind;
import java.util.Collection;

/**
 * Every user-facing error message is built here, so they read alike: problem, offending value, fix.
 */
public final class Errors {

  private Errors() {}

  public static MarketLensException missingInput(String path) {
    return new MarketLensException(
        Kind.USAGE,
        "Input folder not found: `"
            + path
            + "`. Pass an existing folder with --input (it holds one"
            + " sub-folder per dataset, e.g. sns_users/2012-01-05_part1.csv).");
  }

  public static MarketLensException badFileName(String path) {
    return new MarketLensException(
        Kind.USAGE,
        "Cannot ingest `"
            + path
            + "`: the file name does not follow the input contract"
            + " <YYYY-MM-DD>_<part>.<csv|jsonl> (GBK files: <YYYY-MM-DD>_<part>.gbk.csv). Rename or remove it.");
  }

  public static MarketLensException unknownDataset(String name, Collection<String> known) {
    return new MarketLensException(
        Kind.USAGE,
        "Unknown dataset `" + name + "`. Known datasets: " + String.join(", ", known) + ".");
  }

  public static MarketLensException unreadableContract(String where, Throwable cause) {
    String reason = cause == null ? "" : ": " + cause.getMessage();
    return new MarketLensException(
        Kind.USAGE,
        "Cannot read contract `"
            + where
            + "`"
            + reason
            + ". Fix the JSON file or point marketlens.schemas at a folder with valid contracts.",
        cause);
  }

  public static MarketLensException invalidContract(String where, String problem) {
    return new MarketLensException(
        Kind.USAGE, "Invalid contract `" + where + "`: " + problem + ".");
  }

  public static MarketLensException unreadableFile(String path, Throwable cause) {
    return new MarketLensException(
        Kind.USAGE, "Cannot read `" + path + "`: " + cause.getMessage() + ".", cause);
  }

  public static MarketLensException badOption(String key, String value, String expected) {
    return new MarketLensException(
        Kind.USAGE, "Invalid value for " + key + ": `" + value + "` (expected " + expected + ").");
  }

  public static MarketLensException unknownConfKey(String key, String file) {
    return new MarketLensException(
        Kind.USAGE,
        "Unknown configuration key `"
            + key
            + "` in "
            + file
            + ". Keys start with `marketlens.` (see docs/configuration.md) or `spark.` (passed to Spark).");
  }

  public static MarketLensException missingSalt(String envVar) {
    return new MarketLensException(
        Kind.USAGE,
        "No pseudonymization salt configured, and this configuration requires one. Set the environment"
            + " variable "
            + envVar
            + " (or marketlens.privacy.salt in a protected configuration file).");
  }

  public static MarketLensException weakSalt(int minLength) {
    return new MarketLensException(
        Kind.USAGE,
        "The pseudonymization salt is too short: use at least " + minLength + " characters.");
  }

  public static MarketLensException quarantineLimit(
      String dataset, long quarantined, long read, double limit) {
    return new MarketLensException(
        Kind.DATA,
        String.format(
            "Dataset %s: %d of %d rows (%.1f%%) were quarantined, above the limit of %.1f%%."
                + " Silver was not changed. Inspect the quarantine table (reason codes in"
                + " docs/data-quality.md) or raise marketlens.quality.max-quarantine-share.",
            dataset, quarantined, read, 100.0 * quarantined / Math.max(read, 1), 100.0 * limit));
  }

  /**
   * A refine that failed its quarantine limit, as its report says it ({@link #quarantineLimit}).
   */
  public static MarketLensException quarantineLimit(String message) {
    return new MarketLensException(Kind.DATA, message);
  }

  /**
   * Rows lost or doubled inside the pipeline: a bug, not a user error, so it is an internal error
   * and the CLI prints its stack trace (exit code 1).
   */
  public static IllegalStateException reconciliationFailed(
      String dataset, long read, long loaded, long quarantined, long duplicates) {
    return new IllegalStateException(
        String.format(
            "Dataset %s does not reconcile: read %d != loaded %d + quarantined %d + duplicates %d."
                + " This is a bug: please report it with the run id.",
            dataset, read, loaded, quarantined, duplicates));
  }

  /**
   * A table a stage reads is missing: a state of the warehouse, not a usage error (exit code 1).
   */
  public static MarketLensException missingUpstream(String table, String needed) {
    return new MarketLensException(
        Kind.DATA,
        "Table `" + table + "` does not exist yet; " + needed + ". Run the earlier stage first.");
  }

  /**
   * Another run holds the warehouse's lock: a state to wait out, not a usage error (exit code 1).
   */
  public static MarketLensException warehouseBusy(
      String warehouse, String lockFile, String holder, String staleRule) {
    return new MarketLensException(
        Kind.DATA,
        "Warehouse `"
            + warehouse
            + "` is in use by "
            + holder
            + ". Wait for it to end and retry; "
            + staleRule
            + ". If you are sure no run is active, delete `"
            + lockFile
            + "`.");
  }

  public static MarketLensException exportFailed(String table, String problem, Throwable cause) {
    return new MarketLensException(
        Kind.DATA,
        "Export of `" + table + "` failed: " + problem + ". The previous export is unchanged.",
        cause);
  }
}

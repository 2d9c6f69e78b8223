package com.marketlens.config;

import com.marketlens.Errors;
import com.marketlens.parse.TimeParsers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The run's configuration, resolved once and immutable: command-line option > environment variable
 * > {@code --conf} file > default (see {@link ConfKeys}). Invalid values fail here, before Spark
 * starts.
 */
public final class PipelineConf {

  /**
   * Salt used only when none is configured and the configuration does not require one (local runs).
   */
  static final String DEVELOPMENT_SALT = "marketlens-local-development-salt";

  private static final int MIN_SALT_LENGTH = 16;

  private final Map<String, String> values;
  private final Map<String, String> sparkConf;
  private final String salt;
  private final boolean developmentSalt;
  private final LocalDate runDate;

  private PipelineConf(
      Map<String, String> values,
      Map<String, String> sparkConf,
      String salt,
      boolean developmentSalt,
      LocalDate runDate) {
    this.values = values;
    this.sparkConf = sparkConf;
    this.salt = salt;
    this.developmentSalt = developmentSalt;
    this.runDate = runDate;
  }

  /**
   * @param confFile a properties file, or null for the built-in defaults
   * @param env the process environment (passed in so tests can control it)
   * @param overrides values from command-line options, keyed like the file; null values are ignored
   * @param runDate the run date option, or null for today in Asia/Shanghai
   */
  public static PipelineConf resolve(
      Path confFile, Map<String, String> env, Map<String, String> overrides, String runDate) {
    Map<String, String> values = new TreeMap<>();
    values.put(ConfKeys.INPUT, ConfKeys.INPUT_DEFAULT);
    values.put(ConfKeys.WAREHOUSE, ConfKeys.WAREHOUSE_DEFAULT);
    values.put(ConfKeys.EXPORTS, ConfKeys.EXPORTS_DEFAULT);
    values.put(ConfKeys.SCHEMAS, ConfKeys.SCHEMAS_DEFAULT);
    values.put(ConfKeys.SALT_ENV, ConfKeys.SALT_ENV_DEFAULT);
    values.put(ConfKeys.REQUIRE_SALT, ConfKeys.REQUIRE_SALT_DEFAULT);
    values.put(ConfKeys.MAX_QUARANTINE_SHARE, ConfKeys.MAX_QUARANTINE_SHARE_DEFAULT);
    values.put(ConfKeys.PRICE_DROP_SHARE, ConfKeys.PRICE_DROP_SHARE_DEFAULT);
    values.put(ConfKeys.EXIT_MONTHS, ConfKeys.EXIT_MONTHS_DEFAULT);
    values.put(ConfKeys.BREAK_EVEN_BAND, ConfKeys.BREAK_EVEN_BAND_DEFAULT);
    values.put(ConfKeys.DUNBAR_THRESHOLD, ConfKeys.DUNBAR_THRESHOLD_DEFAULT);
    values.put(ConfKeys.DEGREE_BANDS, ConfKeys.DEGREE_BANDS_DEFAULT);
    values.put(ConfKeys.PAGERANK_TOLERANCE, ConfKeys.PAGERANK_TOLERANCE_DEFAULT);
    values.put(ConfKeys.ACTIVE_EVENTS, ConfKeys.ACTIVE_EVENTS_DEFAULT);
    values.put(ConfKeys.COHORT_GRAIN, ConfKeys.COHORT_GRAIN_DEFAULT);
    values.put(ConfKeys.THRESHOLDS, ConfKeys.THRESHOLDS_DEFAULT);
    values.put(ConfKeys.CEILING_HOLD_DAYS, ConfKeys.CEILING_HOLD_DAYS_DEFAULT);
    values.put(ConfKeys.BOOTSTRAP_SAMPLES, ConfKeys.BOOTSTRAP_SAMPLES_DEFAULT);
    values.put(ConfKeys.EVENT_WINDOW_DAYS, ConfKeys.EVENT_WINDOW_DAYS_DEFAULT);
    values.put(ConfKeys.PARALLEL_JOBS, ConfKeys.PARALLEL_JOBS_DEFAULT);
    values.put(ConfKeys.ZORDER_BY, ConfKeys.ZORDER_BY_DEFAULT);
    values.put(ConfKeys.TARGET_FILE_MB, ConfKeys.TARGET_FILE_MB_DEFAULT);
    Map<String, String> spark = new TreeMap<>();
    if (confFile != null) {
      readFile(confFile, values, spark);
    }
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            (k.startsWith("spark.") ? spark : values).put(k, v);
          }
        });
    for (String key : values.keySet()) {
      if (!ConfKeys.ALL.contains(key)) {
        throw Errors.unknownConfKey(
            key, confFile == null ? "the command line" : confFile.toString());
      }
    }
    requireShare(values, ConfKeys.MAX_QUARANTINE_SHARE);
    requireShare(values, ConfKeys.PRICE_DROP_SHARE);
    requireShare(values, ConfKeys.BREAK_EVEN_BAND);
    String months = values.get(ConfKeys.EXIT_MONTHS);
    if (!months.matches("[1-9][0-9]{0,2}")) {
      throw Errors.badOption(
          ConfKeys.EXIT_MONTHS, months, "a whole number of months from 1 to 999");
    }
    positiveInt(values, ConfKeys.DUNBAR_THRESHOLD, "a whole number of friends, e.g. 150");
    positiveInts(
        values, ConfKeys.DEGREE_BANDS, "ascending whole numbers separated by commas, e.g. 50,150");
    positiveInt(values, ConfKeys.CEILING_HOLD_DAYS, "a whole number of days, e.g. 60");
    positiveInt(values, ConfKeys.BOOTSTRAP_SAMPLES, "a whole number of refits, e.g. 200");
    positiveInt(values, ConfKeys.EVENT_WINDOW_DAYS, "a whole number of days, e.g. 120");
    positiveInt(
        values,
        ConfKeys.PARALLEL_JOBS,
        "a whole number of concurrent jobs, e.g. 3 (1 runs them one by one)");
    positiveInt(values, ConfKeys.TARGET_FILE_MB, "a whole number of megabytes, e.g. 128");
    if (!values
        .get(ConfKeys.ZORDER_BY)
        .matches("([a-z_]+:[a-z_]+(,[a-z_]+)*(;[a-z_]+:[a-z_]+(,[a-z_]+)*)*)?")) {
      throw Errors.badOption(
          ConfKeys.ZORDER_BY,
          values.get(ConfKeys.ZORDER_BY),
          "dataset:column,column pairs separated by semicolons, e.g. sns_activity:site,event_time");
    }
    String grain = values.get(ConfKeys.COHORT_GRAIN);
    if (!grain.equals("month") && !grain.equals("week")) {
      throw Errors.badOption(ConfKeys.COHORT_GRAIN, grain, "month or week");
    }
    if (!values.get(ConfKeys.ACTIVE_EVENTS).matches("[a-z_]+(,[a-z_]+)*")) {
      throw Errors.badOption(
          ConfKeys.ACTIVE_EVENTS,
          values.get(ConfKeys.ACTIVE_EVENTS),
          "event types separated by commas, e.g. login,post,feed_view,game");
    }
    if (!values
        .get(ConfKeys.THRESHOLDS)
        .matches(
            "((daily_ip|mau|registered_users):[1-9][0-9]{0,17}"
                + "(,(daily_ip|mau|registered_users):[1-9][0-9]{0,17})*)?")) {
      throw Errors.badOption(
          ConfKeys.THRESHOLDS,
          values.get(ConfKeys.THRESHOLDS),
          "series:value pairs separated by commas, series one of daily_ip, mau, registered_users, e.g."
              + " daily_ip:10000000");
    }
    String tolerance = values.get(ConfKeys.PAGERANK_TOLERANCE);
    try {
      if (!(Double.parseDouble(tolerance) > 0 && Double.parseDouble(tolerance) < 1)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw Errors.badOption(
          ConfKeys.PAGERANK_TOLERANCE, tolerance, "a number between 0 and 1, e.g. 0.0001");
    }
    String require = values.get(ConfKeys.REQUIRE_SALT);
    if (!require.equals("true") && !require.equals("false")) {
      throw Errors.badOption(ConfKeys.REQUIRE_SALT, require, "true or false");
    }
    String envSalt = env.get(values.get(ConfKeys.SALT_ENV));
    String salt = envSalt != null && !envSalt.isEmpty() ? envSalt : values.get(ConfKeys.SALT);
    boolean development = false;
    if (salt == null || salt.isEmpty()) {
      if (Boolean.parseBoolean(require)) {
        throw Errors.missingSalt(values.get(ConfKeys.SALT_ENV));
      }
      salt = DEVELOPMENT_SALT;
      development = true;
    } else if (salt.length() < MIN_SALT_LENGTH) {
      throw Errors.weakSalt(MIN_SALT_LENGTH);
    }
    values.remove(ConfKeys.SALT);
    values.put(ConfKeys.INPUT, absolute(values.get(ConfKeys.INPUT)));
    values.put(ConfKeys.WAREHOUSE, absolute(values.get(ConfKeys.WAREHOUSE)));
    values.put(ConfKeys.EXPORTS, absolute(values.get(ConfKeys.EXPORTS)));
    return new PipelineConf(values, spark, salt, development, parseRunDate(runDate));
  }

  private static void requireShare(Map<String, String> values, String key) {
    String share = values.get(key);
    try {
      double d = Double.parseDouble(share);
      if (!(d >= 0 && d <= 1)) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw Errors.badOption(key, share, "a share between 0 and 1, e.g. 0.25");
    }
  }

  private static void positiveInt(Map<String, String> values, String key, String expected) {
    if (!values.get(key).strip().matches("[1-9][0-9]{0,5}")) {
      throw Errors.badOption(key, values.get(key), expected);
    }
  }

  /** Ascending positive whole numbers separated by commas (one for a single value). */
  private static void positiveInts(Map<String, String> values, String key, String expected) {
    String text = values.get(key);
    int previous = 0;
    for (String part : text.split(",", -1)) {
      if (!part.strip().matches("[1-9][0-9]{0,5}") || Integer.parseInt(part.strip()) <= previous) {
        throw Errors.badOption(key, text, expected);
      }
      previous = Integer.parseInt(part.strip());
    }
  }

  /**
   * Local paths become absolute (Delta needs that for path-based tables); URIs such as s3a:// stay.
   */
  private static String absolute(String location) {
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return location;
    }
    return Path.of(location.startsWith("file:") ? location.substring(5) : location)
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  private static void readFile(Path file, Map<String, String> values, Map<String, String> spark) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw Errors.unreadableFile(file.toString(), e);
    }
    for (String key : props.stringPropertyNames()) {
      String value = props.getProperty(key).strip();
      (key.startsWith("spark.") ? spark : values).put(key, value);
    }
  }

  private static LocalDate parseRunDate(String runDate) {
    if (runDate == null) {
      return LocalDate.now(TimeParsers.SHANGHAI);
    }
    try {
      return LocalDate.parse(runDate);
    } catch (DateTimeParseException e) {
      throw Errors.badOption("--run-date", runDate, "a date as YYYY-MM-DD");
    }
  }

  public String input() {
    return values.get(ConfKeys.INPUT);
  }

  public String warehouse() {
    return values.get(ConfKeys.WAREHOUSE);
  }

  public String exports() {
    return values.get(ConfKeys.EXPORTS);
  }

  public String schemasDir() {
    return values.get(ConfKeys.SCHEMAS);
  }

  public double maxQuarantineShare() {
    return Double.parseDouble(values.get(ConfKeys.MAX_QUARANTINE_SHARE));
  }

  public double priceDropShare() {
    return Double.parseDouble(values.get(ConfKeys.PRICE_DROP_SHARE));
  }

  public int exitMonths() {
    return Integer.parseInt(values.get(ConfKeys.EXIT_MONTHS));
  }

  public double breakEvenBand() {
    return Double.parseDouble(values.get(ConfKeys.BREAK_EVEN_BAND));
  }

  public int dunbarThreshold() {
    return Integer.parseInt(values.get(ConfKeys.DUNBAR_THRESHOLD).strip());
  }

  public List<Integer> degreeBands() {
    return Arrays.stream(values.get(ConfKeys.DEGREE_BANDS).split(","))
        .map(String::strip)
        .map(Integer::valueOf)
        .toList();
  }

  public double pagerankTolerance() {
    return Double.parseDouble(values.get(ConfKeys.PAGERANK_TOLERANCE));
  }

  public List<String> activeEvents() {
    return List.of(values.get(ConfKeys.ACTIVE_EVENTS).split(","));
  }

  public String cohortGrain() {
    return values.get(ConfKeys.COHORT_GRAIN);
  }

  /** Thresholds per series name, in the configured order. */
  public Map<String, List<Long>> thresholds() {
    Map<String, List<Long>> out = new TreeMap<>();
    String text = values.get(ConfKeys.THRESHOLDS);
    for (String pair : text.isEmpty() ? new String[0] : text.split(",")) {
      String[] kv = pair.split(":");
      out.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1]));
    }
    return out;
  }

  /**
   * Z-order columns per silver dataset, in the configured order (names are checked by the optimize
   * job).
   */
  public Map<String, List<String>> zorderBy() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String text = values.get(ConfKeys.ZORDER_BY);
    for (String entry : text.isEmpty() ? new String[0] : text.split(";")) {
      String[] kv = entry.split(":");
      out.put(kv[0], List.of(kv[1].split(",")));
    }
    return out;
  }

  public long targetFileBytes() {
    return Long.parseLong(values.get(ConfKeys.TARGET_FILE_MB).strip()) * 1024 * 1024;
  }

  public int parallelJobs() {
    return Integer.parseInt(values.get(ConfKeys.PARALLEL_JOBS).strip());
  }

  public int ceilingHoldDays() {
    return Integer.parseInt(values.get(ConfKeys.CEILING_HOLD_DAYS).strip());
  }

  public int bootstrapSamples() {
    return Integer.parseInt(values.get(ConfKeys.BOOTSTRAP_SAMPLES).strip());
  }

  public int eventWindowDays() {
    return Integer.parseInt(values.get(ConfKeys.EVENT_WINDOW_DAYS).strip());
  }

  public LocalDate runDate() {
    return runDate;
  }

  /** The salt; never log it. */
  public String salt() {
    return salt;
  }

  public boolean usesDevelopmentSalt() {
    return developmentSalt;
  }

  /** Keys under {@code spark.} from the file and the command line, for the session builder. */
  public Map<String, String> sparkConf() {
    return sparkConf;
  }

  /** Every effective setting, sorted, secrets masked: safe to log. */
  public String describe() {
    Map<String, String> all = new TreeMap<>(values);
    all.putAll(sparkConf);
    all.put("marketlens.run-date", runDate.toString());
    all.put(ConfKeys.SALT, developmentSalt ? "<development salt>" : "****");
    return all.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + (isSecret(e.getKey()) && !e.getKey().equals(ConfKeys.SALT)
                        ? "****"
                        : e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static boolean isSecret(String key) {
    return ConfKeys.SECRET_WORDS.stream().anyMatch(w -> key.toLowerCase().contains(w))
        && !key.equals(ConfKeys.SALT_ENV)
        && !key.equals(ConfKeys.REQUIRE_SALT);
  }
}

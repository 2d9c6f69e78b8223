package com.marketlens.config;

import com.marketlens.error.Errors;
import com.marketlens.parse.TimeParsers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The run's configuration, resolved once and immutable: every {@link Settings setting} parsed to
 * its type, with command-line option > environment variable > {@code --conf} file > default.
 * Invalid values fail here, before Spark starts, with one line naming the key and the value.
 */
public final class PipelineConf {

  /**
   * Salt used only when none is configured and the configuration does not require one (local runs).
   */
  static final String DEVELOPMENT_SALT = "marketlens-local-development-salt";

  private static final int MIN_SALT_LENGTH = 16;

  /**
   * The settings' text as resolved (paths made absolute), for the log line; the salt is not in it.
   */
  private final Map<String, String> text;

  private final Map<Setting<?>, Object> values;
  private final Map<String, String> sparkConf;
  private final String salt;
  private final boolean developmentSalt;
  private final LocalDate runDate;

  private PipelineConf(
      Map<String, String> text,
      Map<Setting<?>, Object> values,
      Map<String, String> sparkConf,
      String salt,
      boolean developmentSalt,
      LocalDate runDate) {
    this.text = text;
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
    Map<String, String> given = new TreeMap<>();
    Map<String, String> spark = new TreeMap<>();
    if (confFile != null) {
      readFile(confFile, given, spark);
    }
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            (k.startsWith("spark.") ? spark : given).put(k, v);
          }
        });
    for (String key : given.keySet()) {
      if (Settings.byKey(key) == null) {
        throw Errors.unknownConfKey(
            key, confFile == null ? "the command line" : confFile.toString());
      }
    }
    // Checked before Spark starts, so that nothing is written (the session checks spark-submit's).
    SparkSessions.requireMetricsTimeZone(spark.get(SparkSessions.SESSION_TIME_ZONE));
    Map<String, String> text = new TreeMap<>();
    Map<Setting<?>, Object> values = new HashMap<>();
    for (Setting<?> setting : Settings.ALL) {
      String value = given.getOrDefault(setting.key(), setting.defaultValue());
      if (value == null || setting == Settings.SALT) {
        continue;
      }
      Object parsed = setting.parse(value);
      values.put(setting, parsed);
      text.put(setting.key(), parsed instanceof String s ? s : value);
    }
    String envSalt = env.get((String) values.get(Settings.SALT_ENV));
    String configured = given.get(Settings.SALT.key());
    String salt = envSalt != null && !envSalt.isEmpty() ? envSalt : configured;
    boolean development = false;
    if (salt == null || salt.isEmpty()) {
      if ((Boolean) values.get(Settings.REQUIRE_SALT)) {
        throw Errors.missingSalt((String) values.get(Settings.SALT_ENV));
      }
      salt = DEVELOPMENT_SALT;
      development = true;
    } else if (salt.length() < MIN_SALT_LENGTH) {
      throw Errors.weakSalt(MIN_SALT_LENGTH);
    }
    return new PipelineConf(
        Collections.unmodifiableMap(text),
        Collections.unmodifiableMap(values),
        Collections.unmodifiableMap(spark),
        salt,
        development,
        parseRunDate(runDate));
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

  /** The resolved value of a setting (the salt is read with {@link #salt()}). */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  public String input() {
    return get(Settings.INPUT);
  }

  public String warehouse() {
    return get(Settings.WAREHOUSE);
  }

  public String exports() {
    return get(Settings.EXPORTS);
  }

  public String schemasDir() {
    return get(Settings.SCHEMAS);
  }

  public double maxQuarantineShare() {
    return get(Settings.MAX_QUARANTINE_SHARE);
  }

  public double priceDropShare() {
    return get(Settings.PRICE_DROP_SHARE);
  }

  public int exitMonths() {
    return get(Settings.EXIT_MONTHS);
  }

  public double breakEvenBand() {
    return get(Settings.BREAK_EVEN_BAND);
  }

  public int dunbarThreshold() {
    return get(Settings.DUNBAR_THRESHOLD);
  }

  public List<Integer> degreeBands() {
    return get(Settings.DEGREE_BANDS);
  }

  public double pagerankTolerance() {
    return get(Settings.PAGERANK_TOLERANCE);
  }

  public List<String> activeEvents() {
    return get(Settings.ACTIVE_EVENTS);
  }

  public String cohortGrain() {
    return get(Settings.COHORT_GRAIN);
  }

  /** Thresholds per series name, in the configured order. */
  public Map<String, List<Long>> thresholds() {
    return get(Settings.THRESHOLDS);
  }

  /**
   * Z-order columns per silver dataset, in the configured order (names are checked by optimize).
   */
  public Map<String, List<String>> zorderBy() {
    return get(Settings.ZORDER_BY);
  }

  public long targetFileBytes() {
    return get(Settings.TARGET_FILE_MB) * 1024L * 1024L;
  }

  public boolean fullRefresh() {
    return get(Settings.FULL_REFRESH);
  }

  public int parallelJobs() {
    return get(Settings.PARALLEL_JOBS);
  }

  public int ceilingHoldDays() {
    return get(Settings.CEILING_HOLD_DAYS);
  }

  public int bootstrapSamples() {
    return get(Settings.BOOTSTRAP_SAMPLES);
  }

  public int eventWindowDays() {
    return get(Settings.EVENT_WINDOW_DAYS);
  }

  public int impactWindowDays() {
    return get(Settings.IMPACT_WINDOW_DAYS);
  }

  public int minCohortSize() {
    return get(Settings.MIN_COHORT_SIZE);
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
    Map<String, String> all = new TreeMap<>(text);
    all.putAll(sparkConf);
    all.put("marketlens.run-date", runDate.toString());
    all.put(Settings.SALT.key(), developmentSalt ? "<development salt>" : "****");
    return all.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + (isSecret(e.getKey()) && !e.getKey().equals(Settings.SALT.key())
                        ? "****"
                        : e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static boolean isSecret(String key) {
    return Settings.SECRET_WORDS.stream().anyMatch(w -> key.toLowerCase(Locale.ROOT).contains(w))
        && !key.equals(Settings.SALT_ENV.key())
        && !key.equals(Settings.REQUIRE_SALT.key());
  }
}

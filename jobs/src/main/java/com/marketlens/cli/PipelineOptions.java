package com.marketlens.cli;

import com.marketlens.config.PipelineConf;
import com.marketlens.config.Settings;
import com.marketlens.error.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every pipeline command shares; they override the --conf file and the environment. */
public final class PipelineOptions {

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description =
          "Run configuration (.properties), e.g. conf/local.properties or conf/cluster.properties."
              + " Without it the embedded local defaults apply.")
  Path confFile;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Input folder with one sub-folder per dataset (default: data/sample).")
  String input;

  @Option(
      names = "--warehouse",
      paramLabel = "DIR",
      description = "Delta warehouse root, a local folder or s3a:// URI (default: warehouse).")
  String warehouse;

  @Option(
      names = "--exports",
      paramLabel = "DIR",
      description =
          "Root of the Parquet exports for BI tools, a local folder or s3a:// URI (default: exports).")
  String exports;

  @Option(
      names = "--schemas",
      paramLabel = "DIR",
      description =
          "Folder with the contract files (default: the copy inside the application jar).")
  String schemas;

  @Option(
      names = "--run-date",
      paramLabel = "YYYY-MM-DD",
      description =
          "Logical run date: files scraped after it wait (default: today in Asia/Shanghai).")
  String runDate;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any configuration key, e.g. --set spark.sql.shuffle.partitions=4 (repeatable).")
  Map<String, String> settings = new LinkedHashMap<>();

  /**
   * Resolves the configuration: these options > environment > --conf file > defaults.
   *
   * @param commandSettings configuration set by a command's own options (null values: not given)
   */
  public PipelineConf resolve(Map<String, String> commandSettings) {
    if (confFile != null && !Files.isReadable(confFile)) {
      throw Errors.unreadableFile(confFile.toString(), new IOException("no such readable file"));
    }
    if (settings.containsKey(Settings.SALT.key())) {
      // A salt on the command line would show in process lists and shell history.
      throw Errors.badOption(
          "--set " + Settings.SALT.key(),
          "****",
          "no salt on the command line: use the "
              + Settings.SALT_ENV.defaultValue()
              + " environment variable");
    }
    Map<String, String> overrides = new HashMap<>(settings);
    commandSettings.forEach(
        (k, v) -> {
          if (v != null) {
            overrides.put(k, v);
          }
        });
    // An option that was not given leaves a --set of the same key in force.
    putIfGiven(overrides, Settings.INPUT.key(), input);
    putIfGiven(overrides, Settings.WAREHOUSE.key(), warehouse);
    putIfGiven(overrides, Settings.EXPORTS.key(), exports);
    putIfGiven(overrides, Settings.SCHEMAS.key(), schemas);
    return PipelineConf.resolve(confFile, System.getenv(), overrides, runDate);
  }

  private static void putIfGiven(Map<String, String> overrides, String key, String value) {
    if (value != null) {
      overrides.put(key, value);
    }
  }
}

package com.marketlens.cli;

import com.marketlens.config.PipelineConf;
import com.marketlens.config.SparkSessions;
import com.marketlens.error.Errors;
import com.marketlens.io.WarehouseLock;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contracts;
import com.marketlens.schema.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Shared shape of the pipeline commands: resolve and check the configuration and contracts first
 * (so bad options fail before Spark starts and before anything is written), then build the session,
 * run, stop.
 */
abstract class PipelineCommand implements Callable<Integer> {

  private static final Logger LOG = LogManager.getLogger(PipelineCommand.class);

  @Spec CommandSpec spec;

  @Mixin PipelineOptions options;

  @Override
  public Integer call() {
    PipelineConf conf = options.resolve(commandSettings());
    Contracts contracts = Contracts.load(conf.schemasDir());
    List<String> selected = datasets();
    selected.forEach(contracts::input);
    checkOptions();
    String runId =
        conf.runDate()
            + "_"
            + DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
            + "_"
            + UUID.randomUUID().toString().substring(0, 8);
    if (conf.usesDevelopmentSalt()) {
      LOG.warn(
          "Using the built-in development salt: pseudonyms are not secret. Set MARKETLENS_SALT for real data.");
    }
    if (needsInput()) {
      requireLocalInput(conf.input());
    }
    LOG.info("run_id={} configuration: {}", runId, conf.describe());
    // Taken before Spark starts, so that a second run fails at once; held until the session is
    // stopped.
    try (WarehouseLock lock =
        writesWarehouse()
            ? WarehouseLock.acquire(
                conf.warehouse(), SparkSessions.hadoopConfiguration(conf), runId, spec.name())
            : null) {
      // A session that already exists (an embedding application, the tests) is used and left
      // running.
      boolean ownSession = SparkSession.getDefaultSession().isEmpty();
      SparkSession spark = SparkSessions.create(conf);
      long start = System.nanoTime();
      try {
        List<StageReport> reports =
            execute(new JobContext(spark, conf, contracts, runId), selected);
        Summary.print(
            spec.commandLine().getOut(), runId, reports, (System.nanoTime() - start) / 1e9);
        return 0;
      } finally {
        if (ownSession) {
          spark.stop();
        }
      }
    }
  }

  /**
   * Whether the command writes to the warehouse, and so holds its lock for the run (report only
   * reads).
   */
  boolean writesWarehouse() {
    return true;
  }

  /** The datasets the command works on: all nine unless it offers --dataset. */
  List<String> datasets() {
    return Datasets.ALL;
  }

  /** Configuration keys set by the command's own options. */
  Map<String, String> commandSettings() {
    return Map.of();
  }

  /** Command-specific option checks, run before Spark starts. */
  void checkOptions() {}

  /** Whether the command reads the input folder (checked before Spark starts, when it is local). */
  boolean needsInput() {
    return false;
  }

  private static void requireLocalInput(String input) {
    if (!input.contains("://") && !Files.isDirectory(Path.of(input))) {
      throw Errors.missingInput(input);
    }
  }

  abstract List<StageReport> execute(JobContext job, List<String> datasets);
}

package com.marketlens.config;

import com.marketlens.error.Errors;
import com.marketlens.io.NioLocalFileSystem;
import com.marketlens.parse.TimeParsers;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a run uses, with Delta enabled and the settings our code relies on.
 */
public final class SparkSessions {

  /** The session time zone, which the metrics require to be Asia/Shanghai. */
  public static final String SESSION_TIME_ZONE = "spark.sql.session.timeZone";

  private SparkSessions() {}

  /**
   * Settings from spark-submit come first; the {@code spark.*} keys of the configuration override
   * them. Without a master (a plain local run) the session is {@code local[*]} tuned for small
   * inputs (few partitions, small memory pages, interpreted expressions, plans fixed before they
   * run) on {@link NioLocalFileSystem}. Otherwise adaptive query execution is on unless the
   * configuration turns it off.
   */
  public static SparkSession create(PipelineConf conf) {
    SparkConf spark = new SparkConf();
    conf.sparkConf().forEach(spark::set);
    if (!spark.contains("spark.master")) {
      spark.setMaster("local[*]");
      // Small local data: one shuffle partition per core, Delta's log state in one partition
      // (default 50); every task costs a (de)serialization of its plan, which on the sample
      // outweighs its rows.
      spark.setIfMissing("spark.sql.shuffle.partitions", "2");
      spark.setIfMissing("spark.databricks.delta.snapshotPartitions", "1");
      // Sorts and hash aggregations take memory in pages of this size; Spark's default for a 4 GB
      // driver is 64 MB per page and task, which on a few thousand rows is only garbage to collect.
      spark.setIfMissing("spark.buffer.pageSize", "1m");
      spark.setIfMissing("spark.ui.enabled", "false");
      // Small local data: compiling Spark's generated code costs more than it saves, so expressions
      // are interpreted (the sample run: 122 s -> 89 s, docs/benchmarks.md). bench/run turns it
      // back on for the million-row scales, and cluster runs (a master is set) keep Spark's
      // default.
      spark.setIfMissing("spark.sql.codegen.wholeStage", "false");
      spark.setIfMissing("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      // Small local data: each adaptive query stage and each broadcast is a Spark job of its own,
      // and on two partitions of a few thousand rows there is nothing to coalesce, split or
      // broadcast for. Planned once, a query runs as one job (the sample: 827 -> 482 jobs, 0.95x
      // the wall time, docs/benchmarks.md).
      spark.setIfMissing("spark.sql.adaptive.enabled", "false");
      spark.setIfMissing("spark.sql.autoBroadcastJoinThreshold", "-1");
      useNioLocalFileSystem(spark);
    }
    spark.setIfMissing("spark.sql.adaptive.enabled", "true");
    spark.setIfMissing("spark.app.name", "MarketLens");
    applyRequired(spark);
    return SparkSession.builder().config(spark).getOrCreate();
  }

  /**
   * The Hadoop configuration the session will have (spark-submit's {@code spark.hadoop.*} settings
   * and the configuration's), built without starting Spark: for what must happen before the session
   * exists.
   */
  public static Configuration hadoopConfiguration(PipelineConf conf) {
    // A session that already exists (an embedding application, the tests) is the one the run will
    // use.
    if (SparkSession.getDefaultSession().isDefined()) {
      return SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration();
    }
    SparkConf spark = new SparkConf();
    conf.sparkConf().forEach(spark::set);
    return SparkHadoopUtil.get().newConfiguration(spark);
  }

  /**
   * Hadoop's local file system without a chmod/readlink child process per file ({@link
   * NioLocalFileSystem}).
   */
  public static void useNioLocalFileSystem(SparkConf spark) {
    spark.setIfMissing("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    spark.setIfMissing(
        "spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
  }

  /**
   * Months, weeks and cohorts are Asia/Shanghai periods: a session time zone set to anything else
   * (in the configuration, with --set, or by spark-submit) is refused rather than silently
   * overridden.
   */
  static void requireMetricsTimeZone(String zone) {
    if (zone != null && !zone.equals(TimeParsers.SHANGHAI.getId())) {
      throw Errors.badOption(
          SESSION_TIME_ZONE,
          zone,
          TimeParsers.SHANGHAI.getId() + ": the metrics are defined on Shanghai days and months");
    }
  }

  /** Settings the pipeline cannot run without, also used by the tests' shared session. */
  public static void applyRequired(SparkConf spark) {
    // A cluster default must not change the periods the metrics are defined on.
    requireMetricsTimeZone(spark.get(SESSION_TIME_ZONE, null));
    spark.set(SESSION_TIME_ZONE, TimeParsers.SHANGHAI.getId());
    spark.set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    spark.set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // Rows carry java.time.Instant and LocalDate: no JVM-default-time-zone surprises.
    spark.set("spark.sql.datetime.java8API.enabled", "true");
    // Parquet timestamps every BI engine reads (the default INT96 is deprecated and misread by
    // some).
    spark.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
  }
}

package com.marketlens.gold.growth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.Persisted;
import com.marketlens.schema.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The series analyses of the growth tables, each fitted once for the inputs it depends on ({@code
 * system/growth_analyses}, contract schemas/system/growth_analyses.json). An analysis is a pure
 * function of the series' points up to its cutoff, the growth settings and the analysis code; the
 * cache keys each row by a hash of exactly these, so a row is reused only where a fresh fit would
 * give the same row. A daily run adds a day to each series, which changes the points of its last
 * cutoff only: every earlier month end is read from the cache instead of fitted again with its
 * bootstrap.
 *
 * <p>The table is overwritten, in one commit, with the analyses the run used. A full refresh (or a
 * table of an older contract) reads nothing from it.
 */
final class AnalysisCache {

  private static final Logger LOG = LogManager.getLogger(AnalysisCache.class);

  /** The system table and its contract. */
  static final String TABLE = "growth_analyses";

  /**
   * The classes whose code an analysis runs (with their nested classes): a change to any of them,
   * or another commons-math, gives other hashes, so nothing fitted by older code is reused.
   */
  private static final List<Class<?>> ANALYSIS_CODE =
      List.of(
          GrowthCurves.class,
          SeriesAnalyzer.class,
          SeriesAnalysis.class,
          CurveFitter.class,
          CurveFit.class,
          SaturationModel.class,
          ChangePoints.class);

  private final SparkSession spark;
  private final Contract contract;
  private final String path;
  private final boolean reuse;
  private long reusedLastCall;

  /**
   * @param reuse false for a full refresh: every analysis is fitted, and the table rewritten
   */
  AnalysisCache(SparkSession spark, Contract contract, String path, boolean reuse) {
    this.spark = spark;
    this.contract = contract;
    this.path = path;
    this.reuse = reuse;
  }

  /**
   * {@link GrowthCurves#analyses} of {@code series}, persisted in {@code cached}, with the rows
   * whose inputs are unchanged read from the table; the table is then rewritten with them.
   */
  Dataset<Row> analyses(
      Persisted cached,
      Dataset<Row> series,
      Map<String, List<Long>> thresholds,
      int holdDays,
      int bootstrapSamples) {
    Dataset<Row> inputs =
        cached.keep(
            GrowthCurves.analysisInputs(series)
                .withColumn(
                    "input_hash", inputHash(settingsKey(thresholds, holdDays, bootstrapSamples))));
    boolean readable = reuse && DeltaTables.exists(spark, path);
    if (readable && !DeltaTables.hasColumns(spark, path, contract.sparkSchema())) {
      LOG.info("growth analyses: {} has an older contract's columns; not reused", path);
      readable = false;
    }
    String[] key = {"site", "series", "cutoff", "input_hash"};
    Dataset<Row> toFit = inputs;
    Dataset<Row> reused = null;
    if (readable) {
      Dataset<Row> before = DeltaTables.read(spark, path);
      toFit =
          inputs.join(
              before.select(Arrays.stream(key).map(functions::col).toArray(Column[]::new)),
              key,
              "left_anti");
      reused =
          inputs
              .select(col("site"), col("series"), col("cutoff"), col("last_on"), col("input_hash"))
              .join(before, key)
              .withColumn("final", col("cutoff").equalTo(col("last_on")))
              .withColumn("reused", lit(true));
    }
    Dataset<Row> fitted =
        GrowthCurves.analyze(toFit, List.of("input_hash"), thresholds, holdDays, bootstrapSamples)
            .withColumn("reused", lit(false));
    // The reused rows hold the analysis columns, input_hash and reused too, and their input's
    // last_on.
    Dataset<Row> all = reused == null ? fitted : fitted.unionByName(reused.drop("last_on"));
    Dataset<Row> analyses = cached.keep(all);
    Row counts = analyses.agg(count(lit(1)), sum(when(col("reused"), 1).otherwise(0))).first();
    long total = counts.getLong(0);
    long fromCache = counts.isNullAt(1) ? 0 : counts.getLong(1);
    reusedLastCall = fromCache;
    LOG.info(
        "growth analyses: {} of {} read from {} (inputs unchanged), {} fitted",
        fromCache,
        total,
        path,
        total - fromCache);
    DeltaTables.overwrite(
        spark, contract.conform(analyses), path, contract.sparkSchema(), List.of());
    return analyses.drop("input_hash", "reused");
  }

  /** How many analyses the last {@link #analyses} call read from the table. */
  long reusedLastCall() {
    return reusedLastCall;
  }

  /** The hash of one analysis' inputs: settings and code, and its points in date order. */
  private static Column inputHash(String settingsKey) {
    return sha2(
        concat_ws(
            "\u0001",
            lit(settingsKey),
            col("site"),
            col("series"),
            col("cutoff").cast("string"),
            to_json(array_sort(col("points")))),
        256);
  }

  /** The growth settings and the fingerprint of the analysis code, as one string. */
  static String settingsKey(Map<String, List<Long>> thresholds, int holdDays, int samples) {
    return "code="
        + codeFingerprint()
        + ";thresholds="
        + new TreeMap<>(thresholds)
        + ";hold-days="
        + holdDays
        + ";bootstrap-samples="
        + samples;
  }

  private static String fingerprint;

  /** SHA-256 of the class files in {@link #ANALYSIS_CODE}'s nests, and commons-math's version. */
  static synchronized String codeFingerprint() {
    if (fingerprint == null) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Class<?> host : ANALYSIS_CODE) {
          Class<?>[] nest = host.getNestMembers();
          Arrays.sort(nest, (a, b) -> a.getName().compareTo(b.getName()));
          for (Class<?> c : nest) {
            sha.update(c.getName().getBytes(UTF_8));
            try (InputStream in =
                c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
              if (in == null) {
                throw new IllegalStateException("class file of " + c.getName() + " not found");
              }
              sha.update(in.readAllBytes());
            }
          }
        }
        sha.update(
            String.valueOf(
                    LevenbergMarquardtOptimizer.class.getPackage().getImplementationVersion())
                .getBytes(UTF_8));
        fingerprint = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return fingerprint;
  }
}

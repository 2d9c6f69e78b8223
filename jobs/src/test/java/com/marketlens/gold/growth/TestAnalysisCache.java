package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.SparkTestBase;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.Persisted;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * system/growth_analyses: a series analysis is read from the cache only where its inputs are
 * unchanged, and every run's analyses equal {@link GrowthCurves#analyses} of the same series
 * computed from scratch, column for column. Two daily series of 100 days (2009-01-01 to 2009-04-10:
 * cutoffs at the ends of January, February and March and on the last day).
 */
class TestAnalysisCache extends SparkTestBase {

  private static final LocalDate START = LocalDate.of(2009, 1, 1);
  private static final Map<String, List<Long>> THRESHOLDS = Map.of("daily_ip", List.of(500_000L));
  private static final int HOLD_DAYS = 60;
  private static final int SAMPLES = 20;

  private static final StructType SERIES = TestCeilingBacktest.SERIES;

  @TempDir Path tmp;

  /** A noisy logistic (site "a") and an exponential (site "b"), {@code days} days each. */
  private static List<Row> series(int daysOfA, int daysOfB) {
    List<Row> rows = new ArrayList<>();
    Random rnd = new Random(7);
    for (int t = 0; t < daysOfA; t++) {
      double v = 1e6 / (1 + Math.exp(-0.08 * (t - 50))) * (1 + 0.03 * rnd.nextGaussian());
      rows.add(RowFactory.create("a", GrowthCurves.DAILY_IP, START.plusDays(t), v));
    }
    for (int t = 0; t < daysOfB; t++) {
      rows.add(
          RowFactory.create(
              "b", GrowthCurves.DAILY_IP, START.plusDays(t), 1000 * Math.exp(0.01 * t)));
    }
    return rows;
  }

  private record Run(List<Row> analyses, long reused) {}

  private Run run(List<Row> rows, int samples, boolean reuse) {
    AnalysisCache cache =
        new AnalysisCache(
            spark(),
            contracts().system(AnalysisCache.TABLE),
            tmp.resolve("growth_analyses").toString(),
            reuse);
    try (Persisted cached = new Persisted()) {
      List<Row> analyses =
          sorted(
              cache.analyses(
                  cached, spark().createDataFrame(rows, SERIES), THRESHOLDS, HOLD_DAYS, samples));
      return new Run(analyses, cache.reusedLastCall());
    }
  }

  private static List<Row> fromScratch(List<Row> rows, int samples) {
    return sorted(
        GrowthCurves.analyses(
            spark().createDataFrame(rows, SERIES), THRESHOLDS, HOLD_DAYS, samples));
  }

  private static List<Row> sorted(Dataset<Row> analyses) {
    return analyses.orderBy("site", "series", "cutoff").collectAsList();
  }

  /** Rows compared by value, as text (doubles print every digit), column for column. */
  private static List<String> text(List<Row> rows) {
    return rows.stream().map(Row::toString).toList();
  }

  @Test
  void aNewDayRefitsOnlyItsSeriesLastCutoffAndGivesTheSameRowsAsFromScratch() {
    List<Row> history = series(100, 100);
    Run first = run(history, SAMPLES, true);
    assertThat(first.reused()).as("nothing to reuse on the first run").isZero();
    assertThat(first.analyses()).hasSize(8);
    assertThat(text(first.analyses())).isEqualTo(text(fromScratch(history, SAMPLES)));

    // A day more of "a" (2009-04-11): its last cutoff moves; its three month ends and all of "b"
    // are read back.
    List<Row> nextDay = series(101, 100);
    Run second = run(nextDay, SAMPLES, true);
    assertThat(second.reused()).isEqualTo(7);
    List<Row> expected = fromScratch(nextDay, SAMPLES);
    assertThat(text(second.analyses())).isEqualTo(text(expected));
    assertThat(
            second.analyses().stream()
                .filter(r -> r.getAs("site").equals("a") && r.<Boolean>getAs("final"))
                .map(r -> r.<LocalDate>getAs("cutoff")))
        .containsExactly(LocalDate.of(2009, 4, 11));
  }

  @Test
  void aRevisedValueRefitsEveryCutoffThatSeesIt() {
    List<Row> history = series(100, 100);
    run(history, SAMPLES, true);
    // A panel revision of "b" on 2009-02-10: its February, March and last cutoffs see it, January
    // does not; "a" is unchanged.
    List<Row> revised = new ArrayList<>(history);
    int at = 100 + 40;
    Row old = revised.get(at);
    assertThat((LocalDate) old.get(2)).isEqualTo(LocalDate.of(2009, 2, 10));
    revised.set(at, RowFactory.create("b", GrowthCurves.DAILY_IP, old.get(2), 5.0e4));
    Run run = run(revised, SAMPLES, true);
    assertThat(run.reused()).isEqualTo(4 + 1);
    assertThat(text(run.analyses())).isEqualTo(text(fromScratch(revised, SAMPLES)));
  }

  @Test
  void otherSettingsOrAFullRefreshReuseNothingAndRewriteTheTable() {
    List<Row> history = series(100, 100);
    run(history, SAMPLES, true);
    Run otherSamples = run(history, SAMPLES + 10, true);
    assertThat(otherSamples.reused()).isZero();
    assertThat(text(otherSamples.analyses())).isEqualTo(text(fromScratch(history, SAMPLES + 10)));

    Run full = run(history, SAMPLES + 10, false);
    assertThat(full.reused()).isZero();
    String path = tmp.resolve("growth_analyses").toString();
    Dataset<Row> table = DeltaTables.read(spark(), path);
    assertThat(table.count()).isEqualTo(8);
    assertThat(table.select("input_hash").distinct().count()).isEqualTo(8);
    assertThat(table.filter(col("input_hash").rlike("^[0-9a-f]{64}$")).count()).isEqualTo(8);
    // And the rewritten table serves the next run with the same settings.
    assertThat(run(history, SAMPLES + 10, true).reused()).isEqualTo(8);
  }
}

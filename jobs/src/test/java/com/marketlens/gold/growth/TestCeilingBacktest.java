package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.marketlens.SparkTestBase;
import com.marketlens.schema.Datasets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * growth_ceiling_backtest and the columns of growth_ceilings it feeds, on three daily series whose
 * ceilings are known: a noiseless logistic, the same logistic with 5% noise, and an exponential
 * that never saturates. Each is a "site" of one run of the grouped map.
 */
class TestCeilingBacktest extends SparkTestBase {

  private static final LocalDate START = LocalDate.of(2009, 1, 1);
  private static final double K = 1e6;

  /** Inflection on day 100: 2009-04-11. */
  private static final LocalDate INFLECTION = START.plusDays(100);

  /** The growth series' columns, as {@link GrowthCurves#series} gives them. */
  static final StructType SERIES =
      new StructType()
          .add("site", DataTypes.StringType, false)
          .add("series", DataTypes.StringType, false)
          .add("date", DataTypes.DateType, false)
          .add("value", DataTypes.DoubleType, true);

  private static Dataset<Row> analyses;
  private static Dataset<Row> backtest;
  private static Dataset<Row> ceilings;

  private static double logistic(int t) {
    return K / (1 + Math.exp(-0.05 * (t - 100)));
  }

  private static void add(List<Row> rows, String site, int days, IntToDoubleFunction value) {
    for (int t = 0; t < days; t++) {
      rows.add(
          RowFactory.create(
              site, GrowthCurves.DAILY_IP, START.plusDays(t), value.applyAsDouble(t)));
    }
  }

  @BeforeAll
  static void build() {
    List<Row> rows = new ArrayList<>();
    add(rows, "noiseless", 400, TestCeilingBacktest::logistic);
    Random rnd = new Random(5);
    add(rows, "noisy", 400, t -> logistic(t) * (1 + 0.05 * rnd.nextGaussian()));
    add(rows, "exponential", 400, t -> 1000 * Math.exp(0.01 * t));
    Dataset<Row> series = spark().createDataFrame(rows, SERIES);
    analyses = GrowthCurves.analyses(series, Map.of(), 60, 100).cache();
    backtest = GrowthCurves.backtest(analyses);
    Dataset<Row> noEvents =
        spark()
            .createDataFrame(List.of(), contracts().silver(Datasets.MARKET_EVENTS).sparkSchema());
    ceilings = GrowthCurves.ceilings(analyses, noEvents, 120);
  }

  private static List<Row> cutoffs(String site) {
    return backtest.filter(col("site").equalTo(site)).orderBy("cutoff").collectAsList();
  }

  private static Row ceiling(String site) {
    return ceilings.filter(col("site").equalTo(site)).first();
  }

  @Test
  void cutoffsAreMonthEndsAndTheLastObservation() {
    List<LocalDate> dates =
        cutoffs("noiseless").stream().map(r -> r.<LocalDate>getAs("cutoff")).toList();
    // 400 days from 2009-01-01: the last observation is 2010-02-04; every month end before it.
    assertThat(dates).hasSize(14);
    assertThat(dates.get(0)).isEqualTo(LocalDate.of(2009, 1, 31));
    assertThat(dates.get(12)).isEqualTo(LocalDate.of(2010, 1, 31));
    assertThat(dates.get(13)).isEqualTo(LocalDate.of(2010, 2, 4));
    assertThat(cutoffs("noiseless").get(13).<Boolean>getAs("final")).isTrue();
    assertThat(cutoffs("noiseless").get(0).<Integer>getAs("points")).isEqualTo(31);
  }

  @Test
  void theFinalCutoffIsTheWholeSeriesAnalysis() {
    Row last = cutoffs("noisy").get(13);
    Row whole = ceiling("noisy");
    assertThat(last.<Double>getAs("ceiling")).isEqualTo(whole.<Double>getAs("ceiling"));
    assertThat(last.<Double>getAs("ceiling_lower")).isEqualTo(whole.<Double>getAs("ceiling_lower"));
    assertThat(last.<String>getAs("status")).isEqualTo(whole.<String>getAs("status"));
  }

  @Test
  void aNoiselessLogisticIsIdentifiedAtTheFirstCutoffPastItsInflection() {
    for (Row r : cutoffs("noiseless")) {
      LocalDate cutoff = r.getAs("cutoff");
      boolean identified = r.getAs("ceiling_identified");
      assertThat(identified).as("identified at %s", cutoff).isEqualTo(cutoff.isAfter(INFLECTION));
      if (identified) {
        assertThat(r.<Double>getAs("ceiling")).isCloseTo(K, within(0.001 * K));
      }
    }
    Row c = ceiling("noiseless");
    assertThat(c.<LocalDate>getAs("first_identified_on")).isEqualTo(LocalDate.of(2009, 4, 30));
    // Reached (95% of K held 60 days) on day 158.9 of the curve, 2009-06-08 (+/- the smoothing).
    LocalDate reached = c.getAs("ceiling_reached_on");
    assertThat(reached).isBetween(LocalDate.of(2009, 6, 7), LocalDate.of(2009, 6, 9));
    assertThat(c.<Integer>getAs("identified_lead_days"))
        .isEqualTo((int) (reached.toEpochDay() - LocalDate.of(2009, 4, 30).toEpochDay()));
    // The inflection month is April 2009: K from the data up to April 30.
    assertThat(c.<Double>getAs("inflection_month_ceiling")).isCloseTo(K, within(0.001 * K));
  }

  @Test
  void aLogisticWithFivePercentNoiseIsIdentifiedWithinTwoMonthsOfItsInflection() {
    Row c = ceiling("noisy");
    LocalDate first = c.getAs("first_identified_on");
    assertThat(first).isAfter(INFLECTION).isBefore(INFLECTION.plusMonths(2));
    Row atFirst =
        cutoffs("noisy").stream()
            .filter(r -> r.getAs("cutoff").equals(first))
            .findFirst()
            .orElseThrow();
    assertThat(atFirst.<Double>getAs("ceiling")).isCloseTo(K, within(0.2 * K));
    assertThat(c.<Double>getAs("ceiling")).isCloseTo(K, within(0.05 * K));
  }

  @Test
  void aSeriesThatNeverSaturatesIsNeverIdentified() {
    assertThat(cutoffs("exponential"))
        .hasSize(14)
        .allSatisfy(r -> assertThat(r.<Boolean>getAs("ceiling_identified")).isFalse());
    Row c = ceiling("exponential");
    assertThat(c.<LocalDate>getAs("first_identified_on")).isNull();
    assertThat(c.<Integer>getAs("identified_lead_days")).isNull();
    assertThat(c.<Double>getAs("inflection_month_ceiling")).isNull();
  }
}

package com.marketlens.gold.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Recovery of known parameters from synthetic series, and the status rules on degenerate ones. */
class TestSeriesAnalyzer {

  private static final LocalDate START = LocalDate.of(2008, 1, 1);
  private static final double K = 10_000_000;
  private static final SeriesAnalyzer.Settings SETTINGS =
      new SeriesAnalyzer.Settings(List.of(5_000_000L, 20_000_000L), 60, 200, 42);

  /** Logistic with K = 10M, r = 0.02 per day, inflection at day 400. */
  private static double logistic(double t) {
    return K / (1 + Math.exp(-0.02 * (t - 400)));
  }

  private record Series(List<LocalDate> dates, List<Double> values) {}

  private static Series daily(int days, DoubleUnaryOperator f, double noise, long seed) {
    Random rnd = new Random(seed);
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (int t = 0; t < days; t++) {
      d.add(START.plusDays(t));
      v.add(f.applyAsDouble(t) * (1 + noise * rnd.nextGaussian()));
    }
    return new Series(d, v);
  }

  private static SeriesAnalysis analyze(Series s) {
    return SeriesAnalyzer.analyze(s.dates(), s.values(), SETTINGS);
  }

  @Test
  void modelGradientsMatchFiniteDifferences() {
    double[][] points = {{1.3, 9, 0.4}, {0.8, 30, 0.9}, {2, 0.5, -0.2}};
    double[][] bass = {{1.3, 0.05, 3}, {0.9, 0.8, 0.2}, {3, 0.01, 40}};
    for (SaturationModel m : SaturationModel.values()) {
      for (double[] p : m == SaturationModel.BASS ? bass : points) {
        for (double t : new double[] {0, 0.1, 0.5, 1}) {
          double[] g = m.gradient(p, t);
          for (int k = 0; k < 3; k++) {
            double h = 1e-6 * Math.max(1, Math.abs(p[k]));
            double[] up = p.clone();
            double[] down = p.clone();
            up[k] += h;
            down[k] -= h;
            double numeric = (m.value(up, t) - m.value(down, t)) / (2 * h);
            assertThat(g[k]).as("%s d/dp%d at t=%s", m, k, t).isCloseTo(numeric, within(1e-6));
          }
        }
      }
    }
    // The fits take value and gradient from one call: the value is the curve's, bit for bit, also
    // where the exponentials overflow or underflow.
    double[][] extremes = {{1, 1e4, 1}, {1, 1e4, -1}, {2, 1e-6, 0.5}, {1, 1e-9, 1e4}};
    for (SaturationModel m : SaturationModel.values()) {
      for (double[] p :
          Stream.concat(
                  Arrays.stream(m == SaturationModel.BASS ? bass : points), Arrays.stream(extremes))
              .toList()) {
        for (double t : new double[] {0, 0.1, 0.5, 1, 3}) {
          double[] g = new double[3];
          assertThat(m.valueAndGradient(p, t, g)).isEqualTo(m.value(p, t));
          assertThat(g).containsExactly(m.gradient(p, t));
        }
      }
    }
    // Far from the inflection the exponentials overflow: the gradient stays finite.
    for (SaturationModel m : List.of(SaturationModel.LOGISTIC, SaturationModel.GOMPERTZ)) {
      for (double v : m.gradient(new double[] {1, 1e4, 1}, 0)) {
        assertThat(Math.abs(v)).as("%s", m).isEqualTo(0.0);
      }
    }
  }

  @Test
  void noiselessLogisticRecoversItsParameters() {
    SeriesAnalysis a = analyze(daily(1000, TestSeriesAnalyzer::logistic, 0, 1));
    assertThat(a.chosen().model()).isEqualTo(SaturationModel.LOGISTIC);
    assertThat(a.ceilingIdentified()).isTrue();
    assertThat(a.ceiling()).isCloseTo(K, within(0.01 * K));
    assertThat(a.chosen().parameters()[1]).isCloseTo(0.02, within(0.0002));
    assertThat(a.inflectionOn()).isEqualTo(START.plusDays(400));
    assertThat(a.status()).isEqualTo("at_ceiling");
    // 95% of K: 400 + ln(19) / 0.02 = day 547.2; the centred 7-day mean lags a convex-then-concave
    // curve by
    // less than a day there.
    assertThat(a.ceilingReachedOn()).isBetween(START.plusDays(547), START.plusDays(549));
    // Thresholds: 5M is K/2, crossed at the inflection; 20M never.
    assertThat(a.thresholdCrossings().get("5000000")).isEqualTo(START.plusDays(400));
    assertThat(a.thresholdCrossings()).containsEntry("20000000", null);
    assertThat(a.fits()).extracting(CurveFit::model).containsExactly(SaturationModel.values());
  }

  @Test
  void logisticWithFivePercentNoiseIsWithinFivePercentAndTheIntervalCoversTheTruth() {
    SeriesAnalysis a = analyze(daily(1000, TestSeriesAnalyzer::logistic, 0.05, 7));
    assertThat(a.ceilingIdentified()).isTrue();
    assertThat(a.ceiling()).isCloseTo(K, within(0.05 * K));
    assertThat(a.ceilingLower()).isLessThanOrEqualTo(K);
    assertThat(a.ceilingUpper()).isGreaterThanOrEqualTo(K);
    assertThat(a.chosen().standardErrors()[0]).isPositive().isLessThan(0.05 * K);
  }

  @Test
  void theNinetyPercentIntervalCoversTheTruthMostOfTheTime() {
    // Monthly observations (48 points, 5% noise) of 20 independent series: a 90% interval should
    // miss about
    // 2 times in 20; more than 6 misses would mean the interval is far too narrow.
    int covered = 0;
    for (long seed = 100; seed < 120; seed++) {
      Random rnd = new Random(seed);
      List<LocalDate> d = new ArrayList<>();
      List<Double> v = new ArrayList<>();
      for (int m = 0; m < 48; m++) {
        LocalDate date = START.plusMonths(m);
        long t = ChronoUnit.DAYS.between(START, date);
        d.add(date);
        v.add(logistic(t) * (1 + 0.05 * rnd.nextGaussian()));
      }
      SeriesAnalysis a =
          SeriesAnalyzer.analyze(d, v, new SeriesAnalyzer.Settings(List.of(), 60, 200, seed));
      if (a.ceilingIdentified() && a.ceilingLower() <= K && K <= a.ceilingUpper()) {
        covered++;
      }
    }
    assertThat(covered).isGreaterThanOrEqualTo(14);
  }

  @Test
  void bassCurveRecoversMarketPotential() {
    double m = 5_000_000;
    double p = 0.001;
    double q = 0.015;
    DoubleUnaryOperator bass =
        t -> {
          double e = Math.exp(-(p + q) * t);
          return m * (1 - e) / (1 + (q / p) * e);
        };
    SeriesAnalysis a = analyze(daily(700, bass, 0, 3));
    CurveFit fit =
        a.fits().stream().filter(f -> f.model() == SaturationModel.BASS).findFirst().orElseThrow();
    assertThat(fit.converged()).isTrue();
    assertThat(fit.parameters()[0]).isCloseTo(m, within(0.01 * m));
    assertThat(fit.parameters()[1]).isCloseTo(p, within(0.01 * p));
    assertThat(fit.parameters()[2]).isCloseTo(q, within(0.01 * q));
    assertThat(a.chosen().model()).isEqualTo(SaturationModel.BASS);
    // Inflection ln(q/p) / (p + q) = ln(15) / 0.016 = 169.25 days.
    assertThat(a.inflectionOn()).isEqualTo(START.plusDays(169));
  }

  @Test
  void aSeriesCutBeforeItsInflectionHasNoCeiling() {
    SeriesAnalysis a = analyze(daily(300, TestSeriesAnalyzer::logistic, 0.02, 5));
    assertThat(a.ceilingIdentified()).isFalse();
    assertThat(a.ceiling()).isNull();
    assertThat(a.ceilingUpper()).isNull();
    assertThat(a.ceilingLower()).isPositive().isLessThan(K / 2);
    assertThat(a.status()).isEqualTo("growing");
    assertThat(a.ceilingReachedOn()).isNull();
    assertThat(a.inflectionOn()).isNull();
  }

  @Test
  void aDecliningSeriesIsFittedUpToItsPeak() {
    // Logistic growth, then a 40% fall over the last 400 days.
    DoubleUnaryOperator rise = TestSeriesAnalyzer::logistic;
    SeriesAnalysis a =
        analyze(
            daily(
                1200,
                t ->
                    t < 800
                        ? rise.applyAsDouble(t)
                        : rise.applyAsDouble(t) * (1 - 0.4 * (t - 800) / 400),
                0.01,
                9));
    assertThat(a.status()).isEqualTo("declining");
    assertThat(a.ceilingIdentified()).isTrue();
    assertThat(a.ceiling()).isCloseTo(K, within(0.03 * K));
    assertThat(a.peakOn()).isBetween(START.plusDays(700), START.plusDays(810));
    assertThat(a.chosen().points()).isLessThan(1200);
  }

  @Test
  void degenerateSeriesGetAStatusNotAnException() {
    SeriesAnalysis flat = analyze(daily(400, t -> 5_000_000, 0.01, 11));
    assertThat(flat.status()).isEqualTo("flat");
    assertThat(flat.ceiling()).isNull();
    assertThat(analyze(daily(400, t -> 0, 0, 1)).status()).isEqualTo("zero");
    assertThat(analyze(daily(5, TestSeriesAnalyzer::logistic, 0, 1)).status())
        .isEqualTo("insufficient_data");
    assertThat(SeriesAnalyzer.analyze(List.of(), List.of(), SETTINGS).status())
        .isEqualTo("insufficient_data");
    // Gaps: every third day missing; still the same ceiling.
    Series full = daily(1000, TestSeriesAnalyzer::logistic, 0, 1);
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < full.dates().size(); i++) {
      if (i % 3 != 2) {
        d.add(full.dates().get(i));
        v.add(full.values().get(i));
      }
    }
    SeriesAnalysis gaps = SeriesAnalyzer.analyze(d, v, SETTINGS);
    assertThat(gaps.ceiling()).isCloseTo(K, within(0.01 * K));
  }

  @Test
  void changePointsFindAShiftInTheGrowthRate() {
    Random rnd = new Random(1);
    double[] rates = new double[30];
    for (int i = 0; i < rates.length; i++) {
      rates[i] = (i < 18 ? 0.10 : 0.01) + 0.005 * rnd.nextGaussian();
    }
    assertThat(ChangePoints.detect(rates, 3)).containsExactly(18);
    double[] steady = new double[30];
    for (int i = 0; i < steady.length; i++) {
      steady[i] = 0.05 + 0.005 * rnd.nextGaussian();
    }
    assertThat(ChangePoints.detect(steady, 3)).isEmpty();
    // Monthly levels growing 10% a month for 18 months, then 1%: one change, in month 19 (index 18
    // of rates).
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    double level = 1000;
    for (int m = 0; m <= 30; m++) {
      d.add(START.plusMonths(m));
      v.add(level);
      level *= m < 18 ? 1.10 : 1.01;
    }
    List<SeriesAnalysis.ChangePoint> found =
        SeriesAnalyzer.changePoints(d, v.stream().mapToDouble(x -> x).toArray());
    assertThat(found).hasSize(1);
    assertThat(found.get(0).on()).isEqualTo(START.plusMonths(19));
    assertThat(found.get(0).rateBefore()).isCloseTo(Math.log(1.10), within(1e-9));
    assertThat(found.get(0).rateAfter()).isCloseTo(Math.log(1.01), within(1e-9));
  }
}

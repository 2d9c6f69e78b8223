package com.marketlens.gold.growth;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Ceiling detection for one series of (date, value) observations, in plain Java so that it runs
 * inside a Spark grouped map, one series per call. The rules are written in
 * docs/metrics.md#growth_ceilings.
 */
public final class SeriesAnalyzer {

  /** Fewer observations than this (in the fitting window) are not fitted. */
  public static final int MIN_POINTS = 8;

  /** A series whose smoothed range is below this share of its peak is flat. */
  static final double FLAT_RANGE = 0.10;

  /** A series whose last smoothed value is below this share of its smoothed peak is declining. */
  static final double DECLINE_SHARE = 0.90;

  /** The ceiling is reached at this share of K. */
  static final double REACHED_SHARE = 0.95;

  /** An identified ceiling's 90% interval is at most this wide relative to K. */
  static final double MAX_RELATIVE_WIDTH = 0.5;

  /** Shortest segment of the growth-rate series, in months. */
  static final int MIN_SEGMENT = 3;

  public record Settings(List<Long> thresholds, int holdDays, int bootstrapSamples, long seed)
      implements Serializable {}

  private SeriesAnalyzer() {}

  public static SeriesAnalysis analyze(
      List<LocalDate> dates, List<Double> values, Settings settings) {
    Integer[] order = new Integer[dates.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(dates::get));
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (int i : order) {
      if (values.get(i) != null && Double.isFinite(values.get(i))) {
        d.add(dates.get(i));
        v.add(values.get(i));
      }
    }
    int n = d.size();
    if (n == 0) {
      return empty("insufficient_data", 0, null, null, 0, 0, null);
    }
    double[] y = v.stream().mapToDouble(Double::doubleValue).toArray();
    double[] smooth = smooth(y, isDaily(d) ? 7 : 3);
    int peak = argMax(smooth);
    LocalDate last = d.get(n - 1);
    if (max(y) <= 0) {
      return empty("zero", n, d.get(0), last, y[n - 1], 0, null);
    }
    Map<String, LocalDate> crossings = crossings(d, smooth, settings.thresholds());
    List<SeriesAnalysis.ChangePoint> changes = changePoints(d, y);
    if (n < MIN_POINTS) {
      return withCrossings(
          empty("insufficient_data", n, d.get(0), last, y[n - 1], smooth[peak], d.get(peak)),
          crossings,
          changes);
    }
    if (max(smooth) - min(smooth) < FLAT_RANGE * smooth[peak]) {
      return withCrossings(
          empty("flat", n, d.get(0), last, y[n - 1], smooth[peak], d.get(peak)),
          crossings,
          changes);
    }
    boolean declining = smooth[n - 1] < DECLINE_SHARE * smooth[peak];
    // The saturation curve describes growth: a series that has turned down is fitted up to its
    // peak.
    int window = declining ? peak + 1 : n;
    double[] t = new double[window];
    for (int i = 0; i < window; i++) {
      t[i] = ChronoUnit.DAYS.between(d.get(0), d.get(i));
    }
    double[] yw = Arrays.copyOf(y, window);
    List<CurveFit> fits = new ArrayList<>();
    if (window >= MIN_POINTS) {
      for (SaturationModel m : SaturationModel.values()) {
        fits.add(CurveFitter.fit(m, t, yw));
      }
    }
    CurveFit chosen =
        fits.stream()
            .filter(CurveFit::converged)
            .min(Comparator.comparingDouble(CurveFit::aic))
            .orElse(null);
    // The data must hold the inflection, with a growth phase before it: a concave fit whose
    // inflection is at the first observation says nothing of K (an exponential's Bass fit). Without
    // it the ceiling cannot be identified, and the bootstrap (the costly part) is not run.
    boolean inflectionInData =
        chosen != null
            && chosen.inflection() >= t[MIN_POINTS - 1]
            && chosen.inflection() <= t[window - 1];
    double[] interval =
        inflectionInData
            ? bootstrap(chosen, t, yw, settings.bootstrapSamples(), settings.seed())
            : null;
    boolean identified =
        inflectionInData
            && interval != null
            && interval[0] > 0
            && interval[1] - interval[0] <= MAX_RELATIVE_WIDTH * chosen.ceiling();
    Double k = identified ? chosen.ceiling() : null;
    LocalDate inflectionOn = identified ? d.get(0).plusDays(Math.round(chosen.inflection())) : null;
    LocalDate reachedOn =
        identified ? reachedOn(d, smooth, REACHED_SHARE * k, settings.holdDays()) : null;
    String status;
    if (declining) {
      status = "declining";
    } else if (identified && smooth[n - 1] >= REACHED_SHARE * k) {
      status = "at_ceiling";
    } else if (identified && !last.isBefore(inflectionOn)) {
      status = "approaching_ceiling";
    } else {
      status = "growing";
    }
    Double lower = identified ? interval[0] : Double.valueOf(smooth[peak]);
    Double upper = identified ? interval[1] : null;
    SeriesAnalysis.Observed observed =
        new SeriesAnalysis.Observed(d.get(0), last, y[n - 1], smooth[peak], d.get(peak), n);
    return new SeriesAnalysis(
        fits,
        new SeriesAnalysis.Ceiling(
            chosen,
            identified,
            k,
            lower,
            upper,
            inflectionOn,
            reachedOn,
            interval == null ? null : new SeriesAnalysis.Interval(interval[0], interval[1])),
        crossings,
        status,
        observed,
        changes,
        growthBreak(reachedOn, changes));
  }

  private static SeriesAnalysis empty(
      String status,
      int n,
      LocalDate first,
      LocalDate last,
      double lastValue,
      double peak,
      LocalDate peakOn) {
    SeriesAnalysis.Observed observed =
        new SeriesAnalysis.Observed(first, last, lastValue, peak, peakOn, n);
    return new SeriesAnalysis(
        List.of(),
        new SeriesAnalysis.Ceiling(null, false, null, null, null, null, null, null),
        Map.of(),
        status,
        observed,
        List.of(),
        null);
  }

  /** A series too short or too flat to fit, with its threshold crossings and change points. */
  private static SeriesAnalysis withCrossings(
      SeriesAnalysis a,
      Map<String, LocalDate> crossings,
      List<SeriesAnalysis.ChangePoint> changes) {
    return new SeriesAnalysis(
        a.fits(),
        SeriesAnalysis.Ceiling.none(a.observed()),
        crossings,
        a.status(),
        a.observed(),
        changes,
        growthBreak(null, changes));
  }

  /** Daily when the median gap between observations is at most a week. */
  static boolean isDaily(List<LocalDate> d) {
    if (d.size() < 2) {
      return false;
    }
    long[] gaps = new long[d.size() - 1];
    for (int i = 1; i < d.size(); i++) {
      gaps[i - 1] = ChronoUnit.DAYS.between(d.get(i - 1), d.get(i));
    }
    Arrays.sort(gaps);
    return gaps[gaps.length / 2] <= 7;
  }

  /** Centred moving average over {@code width} observations, narrower at the ends. */
  static double[] smooth(double[] y, int width) {
    double[] out = new double[y.length];
    int half = width / 2;
    for (int i = 0; i < y.length; i++) {
      int from = Math.max(0, i - half);
      int to = Math.min(y.length, i + half + 1);
      out[i] = ChangePoints.mean(y, from, to);
    }
    return out;
  }

  /**
   * Residual bootstrap of the chosen model: refits on fitted values plus resampled residuals; the
   * 5th and 95th percentiles of the refitted ceilings, or null when fewer than half the refits
   * converge.
   */
  static double[] bootstrap(CurveFit chosen, double[] t, double[] y, int samples, long seed) {
    if (samples <= 0) {
      return null;
    }
    double[] fitted = new double[t.length];
    double[] residuals = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      fitted[i] = chosen.value(t[i]);
      residuals[i] = y[i] - fitted[i];
    }
    Random rnd = new Random(seed);
    double[] ceilings = new double[samples];
    int ok = 0;
    double[] resampled = new double[t.length];
    for (int b = 0; b < samples; b++) {
      for (int i = 0; i < t.length; i++) {
        resampled[i] = fitted[i] + residuals[rnd.nextInt(t.length)];
      }
      CurveFit f = CurveFitter.refit(chosen, t, resampled);
      if (f.converged()) {
        ceilings[ok++] = f.ceiling();
      }
    }
    if (ok < samples / 2) {
      return null;
    }
    double[] k = Arrays.copyOf(ceilings, ok);
    Arrays.sort(k);
    return new double[] {percentile(k, 0.05), percentile(k, 0.95)};
  }

  /** Linear interpolation between closest ranks, as in docs/metrics.md. */
  static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * First date the smoothed series is at or above {@code level} and stays there for {@code
   * holdDays}.
   */
  static LocalDate reachedOn(List<LocalDate> d, double[] smooth, double level, int holdDays) {
    for (int i = 0; i < d.size(); i++) {
      if (smooth[i] < level) {
        continue;
      }
      LocalDate until = d.get(i).plusDays(holdDays);
      boolean holds = true;
      for (int j = i; j < d.size() && !d.get(j).isAfter(until); j++) {
        if (smooth[j] < level) {
          holds = false;
          break;
        }
      }
      if (holds) {
        return d.get(i);
      }
    }
    return null;
  }

  private static Map<String, LocalDate> crossings(
      List<LocalDate> d, double[] smooth, List<Long> thresholds) {
    Map<String, LocalDate> out = new LinkedHashMap<>();
    for (long threshold : thresholds) {
      LocalDate first = null;
      for (int i = 0; i < d.size() && first == null; i++) {
        if (smooth[i] >= threshold) {
          first = d.get(i);
        }
      }
      out.put(Long.toString(threshold), first);
    }
    return out;
  }

  /**
   * Change points of the monthly growth rate: the series is averaged per calendar month, the rate
   * between two observed months is ln(v / v_previous) per month elapsed, and {@link ChangePoints}
   * splits that series.
   */
  static List<SeriesAnalysis.ChangePoint> changePoints(List<LocalDate> d, double[] y) {
    TreeMap<YearMonth, double[]> months = new TreeMap<>();
    for (int i = 0; i < d.size(); i++) {
      double[] acc = months.computeIfAbsent(YearMonth.from(d.get(i)), m -> new double[2]);
      acc[0] += y[i];
      acc[1]++;
    }
    List<YearMonth> at = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    YearMonth previous = null;
    double previousMean = 0;
    for (Map.Entry<YearMonth, double[]> e : months.entrySet()) {
      double mean = e.getValue()[0] / e.getValue()[1];
      if (previous != null && previousMean > 0 && mean > 0) {
        at.add(e.getKey());
        rates.add(Math.log(mean / previousMean) / ChronoUnit.MONTHS.between(previous, e.getKey()));
      }
      previous = e.getKey();
      previousMean = mean;
    }
    double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
    int[] cuts = ChangePoints.detect(r, MIN_SEGMENT);
    List<SeriesAnalysis.ChangePoint> out = new ArrayList<>();
    for (int c = 0; c < cuts.length; c++) {
      int from = c == 0 ? 0 : cuts[c - 1];
      int to = c + 1 < cuts.length ? cuts[c + 1] : r.length;
      out.add(
          new SeriesAnalysis.ChangePoint(
              at.get(cuts[c]).atDay(1),
              ChangePoints.mean(r, from, cuts[c]),
              ChangePoints.mean(r, cuts[c], to)));
    }
    return out;
  }

  /**
   * The stall: the ceiling's reach date, else the change point with the largest fall in growth
   * rate.
   */
  private static LocalDate growthBreak(
      LocalDate reachedOn, List<SeriesAnalysis.ChangePoint> changes) {
    if (reachedOn != null) {
      return reachedOn;
    }
    return changes.stream()
        .filter(c -> c.rateAfter() < c.rateBefore())
        .min(Comparator.comparingDouble(c -> c.rateAfter() - c.rateBefore()))
        .map(SeriesAnalysis.ChangePoint::on)
        .orElse(null);
  }

  private static int argMax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double max(double[] x) {
    return x[argMax(x)];
  }

  private static double min(double[] x) {
    double m = x[0];
    for (double v : x) {
      m = Math.min(m, v);
    }
    return m;
  }
}

package com.marketlens.gold.growth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Change points in the mean of a series (here: a growth rate) by binary segmentation. A segment's
 * cost is its sum of squared deviations from its mean; the best split of a segment is accepted when
 * it lowers the cost by more than the penalty β = 2 σ² ln(n) (a BIC-type penalty), σ² being the
 * noise variance estimated robustly from first differences: σ = MAD(diff) / (0.6745 √2). Accepted
 * splits are split again; no segment is shorter than {@code minSegment}. The result is the sorted
 * start index of every segment but the first.
 */
public final class ChangePoints {

  private ChangePoints() {}

  public static int[] detect(double[] x, int minSegment) {
    int n = x.length;
    if (n < 2 * minSegment) {
      return new int[0];
    }
    double sigma = noise(x);
    // A noiseless series still needs a positive penalty, relative to its own scale, so that
    // rounding
    // differences are not change points.
    double scale = Math.max(sigma * sigma, 1e-12 * (1 + variance(x, 0, n)));
    double penalty = 2 * scale * Math.log(n);
    double[] prefix = new double[n + 1];
    double[] prefixSq = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + x[i];
      prefixSq[i + 1] = prefixSq[i] + x[i] * x[i];
    }
    List<Integer> found = new ArrayList<>();
    split(prefix, prefixSq, 0, n, minSegment, penalty, found);
    return found.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static void split(
      double[] s, double[] sq, int from, int to, int min, double penalty, List<Integer> out) {
    double whole = cost(s, sq, from, to);
    double bestGain = 0;
    int best = -1;
    for (int k = from + min; k <= to - min; k++) {
      double gain = whole - cost(s, sq, from, k) - cost(s, sq, k, to);
      if (gain > bestGain) {
        bestGain = gain;
        best = k;
      }
    }
    if (best > 0 && bestGain > penalty) {
      out.add(best);
      split(s, sq, from, best, min, penalty, out);
      split(s, sq, best, to, min, penalty, out);
    }
  }

  /** Sum of squared deviations from the mean of x[from, to). */
  private static double cost(double[] s, double[] sq, int from, int to) {
    int n = to - from;
    double sum = s[to] - s[from];
    return Math.max(0, sq[to] - sq[from] - sum * sum / n);
  }

  /** Mean of x[from, to). */
  public static double mean(double[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += x[i];
    }
    return sum / (to - from);
  }

  private static double variance(double[] x, int from, int to) {
    double m = mean(x, from, to);
    double v = 0;
    for (int i = from; i < to; i++) {
      v += (x[i] - m) * (x[i] - m);
    }
    return v / (to - from);
  }

  private static double noise(double[] x) {
    double[] d = new double[x.length - 1];
    for (int i = 1; i < x.length; i++) {
      d[i - 1] = x[i] - x[i - 1];
    }
    double med = median(d);
    double[] dev = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      dev[i] = Math.abs(d[i] - med);
    }
    return median(dev) / 0.6745 / Math.sqrt(2);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    int m = c.length / 2;
    return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
  }
}

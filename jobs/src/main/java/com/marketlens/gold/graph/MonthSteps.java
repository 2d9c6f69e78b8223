package com.marketlens.gold.graph;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A non-increasing step function from month index to a component label, undefined (no label) before
 * its first step. It is the state of one vertex in {@link TemporalComponents}: the smallest vertex
 * id the vertex is connected to, month by month, using only the edges made by that month.
 * Immutable.
 */
final class MonthSteps implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No label in any month. */
  static final MonthSteps EMPTY = new MonthSteps(new int[0], new long[0]);

  /** Month index where each step starts, ascending. */
  private final int[] starts;

  /** Label from that month on, strictly decreasing. */
  private final long[] labels;

  private MonthSteps(int[] starts, long[] labels) {
    this.starts = starts;
    this.labels = labels;
  }

  /** The label {@code label} from {@code month} on. */
  static MonthSteps of(int month, long label) {
    return new MonthSteps(new int[] {month}, new long[] {label});
  }

  int size() {
    return starts.length;
  }

  int start(int step) {
    return starts[step];
  }

  long label(int step) {
    return labels[step];
  }

  /** The label in {@code month}, or {@link Long#MAX_VALUE} when there is none yet. */
  long at(int month) {
    int i = Arrays.binarySearch(starts, month);
    int step = i >= 0 ? i : -i - 2;
    return step < 0 ? Long.MAX_VALUE : labels[step];
  }

  /**
   * This function restricted to {@code month} and later (what an edge made in that month passes
   * on).
   */
  MonthSteps since(int month) {
    if (starts.length == 0 || month <= starts[0]) {
      return this;
    }
    int[] points = new int[starts.length + 1];
    int n = 0;
    points[n++] = month;
    for (int s : starts) {
      if (s > month) {
        points[n++] = s;
      }
    }
    return sample(Arrays.copyOf(points, n), this, EMPTY);
  }

  /** The pointwise minimum of the two functions. */
  MonthSteps min(MonthSteps other) {
    if (other.starts.length == 0) {
      return this;
    }
    if (starts.length == 0) {
      return other;
    }
    int[] points = new int[starts.length + other.starts.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < starts.length || j < other.starts.length) {
      int next =
          j >= other.starts.length || (i < starts.length && starts[i] <= other.starts[j])
              ? starts[i]
              : other.starts[j];
      points[n++] = next;
      while (i < starts.length && starts[i] == next) {
        i++;
      }
      while (j < other.starts.length && other.starts[j] == next) {
        j++;
      }
    }
    return sample(Arrays.copyOf(points, n), this, other);
  }

  /** min(a, b) at each breakpoint, keeping only the points where the value changes. */
  private static MonthSteps sample(int[] points, MonthSteps a, MonthSteps b) {
    int[] outStarts = new int[points.length];
    long[] outLabels = new long[points.length];
    int n = 0;
    long last = Long.MAX_VALUE;
    for (int p : points) {
      long v = Math.min(a.at(p), b.at(p));
      if (v < last) {
        outStarts[n] = p;
        outLabels[n] = v;
        n++;
        last = v;
      }
    }
    return new MonthSteps(Arrays.copyOf(outStarts, n), Arrays.copyOf(outLabels, n));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MonthSteps m
        && Arrays.equals(starts, m.starts)
        && Arrays.equals(labels, m.labels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (int k = 0; k < starts.length; k++) {
      s.append(k == 0 ? "" : ", ").append(starts[k]).append("->").append(labels[k]);
    }
    return s.append('}').toString();
  }
}

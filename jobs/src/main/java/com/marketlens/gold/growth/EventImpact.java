package com.marketlens.gold.growth;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Did a market event change a growth curve? For one series and the events that concern it, the
 * growth rate before and after each event and a placebo p-value, in plain Java so that it runs in a
 * Spark grouped map, one series per call. Rules: docs/metrics.md#market_event_impact.
 */
public final class EventImpact {

  /** Fewest observations on each side of a date for a slope. */
  static final int MIN_POINTS = 3;

  public static final String OK = "ok";
  public static final String TOO_SHORT_BEFORE = "too_short_before";
  public static final String TOO_SHORT_AFTER = "too_short_after";
  public static final String NO_PLACEBO_DATES = "no_placebo_dates";

  /** A market event; site null for a market-wide one. */
  public record Event(LocalDate on, String actor, String name, String site)
      implements Serializable {}

  /** The measured effect of one event; slopes in natural-log units per day. */
  public record Impact(
      Event event,
      int pointsBefore,
      int pointsAfter,
      Double slopeBefore,
      Double slopeAfter,
      Double slopeChange,
      int placeboDates,
      Double pValue,
      String status)
      implements Serializable {}

  private EventImpact() {}

  /**
   * The impact of every event dated within the observed span of the series (first to last positive
   * observation). Points that are null, not finite or not positive (no logarithm) are left out.
   *
   * @param events every event that concerns the series' site, also those outside its span (their
   *     windows are kept out of the placebo dates all the same)
   */
  public static List<Impact> measure(
      List<LocalDate> dates, List<Double> values, List<Event> events, int windowDays) {
    TreeMap<Long, Double> points = new TreeMap<>();
    for (int i = 0; i < dates.size(); i++) {
      Double v = values.get(i);
      if (dates.get(i) != null && v != null && Double.isFinite(v) && v > 0) {
        points.put(dates.get(i).toEpochDay(), Math.log(v));
      }
    }
    List<Impact> out = new ArrayList<>();
    if (points.isEmpty()) {
      return out;
    }
    long[] t = points.keySet().stream().mapToLong(Long::longValue).toArray();
    double[] y = points.values().stream().mapToDouble(Double::doubleValue).toArray();
    long[] eventDays = events.stream().mapToLong(e -> e.on().toEpochDay()).sorted().toArray();
    // The placebo statistics: every observed date away from all real events.
    List<Double> placebo = new ArrayList<>();
    for (long day : t) {
      if (!nearEvent(day, eventDays, windowDays)) {
        Window w = window(t, y, day, windowDays);
        if (w.status().equals(OK)) {
          placebo.add(Math.abs(w.change()));
        }
      }
    }
    double[] placeboChanges = placebo.stream().mapToDouble(Double::doubleValue).toArray();
    for (Event e : events) {
      long day = e.on().toEpochDay();
      if (day < t[0] || day > t[t.length - 1]) {
        continue;
      }
      Window w = window(t, y, day, windowDays);
      if (!w.status().equals(OK)) {
        out.add(
            new Impact(
                e,
                w.before(),
                w.after(),
                w.slopeBefore(),
                w.slopeAfter(),
                null,
                0,
                null,
                w.status()));
        continue;
      }
      double observed = Math.abs(w.change());
      int atLeast = 0;
      for (double p : placeboChanges) {
        if (p >= observed) {
          atLeast++;
        }
      }
      Double pValue = placeboChanges.length == 0 ? null : (double) atLeast / placeboChanges.length;
      out.add(
          new Impact(
              e,
              w.before(),
              w.after(),
              w.slopeBefore(),
              w.slopeAfter(),
              w.change(),
              placeboChanges.length,
              pValue,
              placeboChanges.length == 0 ? NO_PLACEBO_DATES : OK));
    }
    return out;
  }

  /** Slopes of the windows [day - w, day) and [day, day + w) around one date. */
  private record Window(
      int before, int after, Double slopeBefore, Double slopeAfter, String status) {
    double change() {
      return slopeAfter - slopeBefore;
    }
  }

  private static Window window(long[] t, double[] y, long day, int w) {
    int from = lowerBound(t, day - w);
    int mid = lowerBound(t, day);
    int to = lowerBound(t, day + w);
    Double before = slope(t, y, from, mid, w);
    Double after = slope(t, y, mid, to, w);
    String status = before == null ? TOO_SHORT_BEFORE : after == null ? TOO_SHORT_AFTER : OK;
    return new Window(mid - from, to - mid, before, after, status);
  }

  /**
   * Least-squares slope of y on t over [from, to), or null when the side has fewer than {@link
   * #MIN_POINTS} points or they span less than half the window (a slope of a few days against one
   * of months would not compare).
   */
  static Double slope(long[] t, double[] y, int from, int to, int windowDays) {
    int n = to - from;
    if (n < MIN_POINTS || 2 * (t[to - 1] - t[from]) < windowDays) {
      return null;
    }
    double meanT = 0;
    double meanY = 0;
    for (int i = from; i < to; i++) {
      meanT += t[i] - t[from];
      meanY += y[i];
    }
    meanT /= n;
    meanY /= n;
    double sxy = 0;
    double sxx = 0;
    for (int i = from; i < to; i++) {
      double dt = t[i] - t[from] - meanT;
      sxy += dt * (y[i] - meanY);
      sxx += dt * dt;
    }
    return sxy / sxx;
  }

  /** Within a window of a real event: closer to it than the window is long. */
  private static boolean nearEvent(long day, long[] eventDays, int w) {
    int i = lowerBound(eventDays, day - w + 1);
    return i < eventDays.length && eventDays[i] <= day + w - 1;
  }

  /** First index whose value is at least {@code key}. */
  private static int lowerBound(long[] sorted, long key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == key) {
      i--;
    }
    return i;
  }
}

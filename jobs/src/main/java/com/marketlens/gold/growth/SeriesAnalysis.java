package com.marketlens.gold.growth;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the ceiling detection says about one growth series (rules:
 * docs/metrics.md#growth_ceilings). Dates and ceilings are null where the rules say the series does
 * not support them.
 */
public record SeriesAnalysis(
    List<CurveFit> fits,
    Ceiling ceilingFit,
    Map<String, LocalDate> thresholdCrossings,
    String status,
    Observed observed,
    List<ChangePoint> changePoints,
    LocalDate growthBreakOn)
    implements Serializable {

  /**
   * The chosen fit and the ceiling it gives: K with its 90% interval when identified (else no K,
   * and the interval opens at the observed peak), its inflection and when the series reached it;
   * {@code bootstrap} is the chosen fit's 90% interval whether identified or not (null without a
   * fit or when too few refits converged).
   */
  public record Ceiling(
      CurveFit chosen,
      boolean identified,
      Double k,
      Double lower,
      Double upper,
      LocalDate inflectionOn,
      LocalDate reachedOn,
      Interval bootstrap)
      implements Serializable {

    /** No fit to speak of: the interval only opens at the observed peak (when there is one). */
    static Ceiling none(Observed observed) {
      return new Ceiling(
          null,
          false,
          null,
          observed.peakOn() == null ? null : observed.peakValue(),
          null,
          null,
          null,
          null);
    }
  }

  /** A 90% bootstrap interval of K. */
  public record Interval(double lower, double upper) implements Serializable {}

  /** The observed series: its span, last and peak (smoothed) values, and how many points. */
  public record Observed(
      LocalDate firstOn,
      LocalDate lastOn,
      double lastValue,
      double peakValue,
      LocalDate peakOn,
      int points)
      implements Serializable {}

  /** A shift in the mean monthly growth rate (log growth per month). */
  public record ChangePoint(LocalDate on, double rateBefore, double rateAfter)
      implements Serializable {}

  public CurveFit chosen() {
    return ceilingFit.chosen();
  }

  public boolean ceilingIdentified() {
    return ceilingFit.identified();
  }

  public Double ceiling() {
    return ceilingFit.k();
  }

  public Double ceilingLower() {
    return ceilingFit.lower();
  }

  public Double ceilingUpper() {
    return ceilingFit.upper();
  }

  public LocalDate inflectionOn() {
    return ceilingFit.inflectionOn();
  }

  public LocalDate ceilingReachedOn() {
    return ceilingFit.reachedOn();
  }

  public LocalDate firstObservedOn() {
    return observed.firstOn();
  }

  public LocalDate lastObservedOn() {
    return observed.lastOn();
  }

  public double lastValue() {
    return observed.lastValue();
  }

  public double peakValue() {
    return observed.peakValue();
  }

  public LocalDate peakOn() {
    return observed.peakOn();
  }

  public int points() {
    return observed.points();
  }
}

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
    CurveFit chosen,
    boolean ceilingIdentified,
    Double ceiling,
    Double ceilingLower,
    Double ceilingUpper,
    LocalDate inflectionOn,
    LocalDate ceilingReachedOn,
    Map<String, LocalDate> thresholdCrossings,
    String status,
    LocalDate firstObservedOn,
    LocalDate lastObservedOn,
    double lastValue,
    double peakValue,
    LocalDate peakOn,
    int points,
    List<ChangePoint> changePoints,
    LocalDate growthBreakOn)
    implements Serializable {

  /** A shift in the mean monthly growth rate (log growth per month). */
  public record ChangePoint(LocalDate on, double rateBefore, double rateAfter)
      implements Serializable {}
}

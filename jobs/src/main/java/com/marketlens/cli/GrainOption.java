package com.marketlens.cli;

import com.marketlens.config.Settings;
import com.marketlens.gold.growth.CohortMetrics.Grain;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The --grain option of the commands that build the growth tables. */
final class GrainOption {

  @Option(
      names = "--grain",
      paramLabel = "month|week",
      description =
          "Cohort period of cohort_retention (default: month, or marketlens.growth.cohort-grain).")
  Grain grain;

  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.COHORT_GRAIN.key(), grain == null ? null : grain.code());
    return settings;
  }
}

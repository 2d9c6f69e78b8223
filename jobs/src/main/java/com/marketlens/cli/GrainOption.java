package com.marketlens.cli;

import com.marketlens.config.ConfKeys;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The --grain option of the commands that build the growth tables. */
final class GrainOption {

  @Option(
      names = "--grain",
      paramLabel = "month|week",
      description =
          "Cohort period of cohort_retention (default: month, or " + ConfKeys.COHORT_GRAIN + ").")
  String grain;

  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(ConfKeys.COHORT_GRAIN, grain);
    return settings;
  }
}

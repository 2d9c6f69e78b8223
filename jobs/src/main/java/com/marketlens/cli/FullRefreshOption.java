package com.marketlens.cli;

import com.marketlens.config.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The --full-refresh option of the commands that refine or build gold tables. */
final class FullRefreshOption {

  @Option(
      names = "--full-refresh",
      description =
          "Refine from all bronze rows scraped up to the run date (contract changes, repairs, a"
              + " warehouse as of an earlier date) instead of only the rows ingested since the last"
              + " refine, and rebuild every gold table even when its inputs did not change.")
  boolean fullRefresh;

  Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.FULL_REFRESH.key(), fullRefresh ? "true" : null);
    return settings;
  }
}

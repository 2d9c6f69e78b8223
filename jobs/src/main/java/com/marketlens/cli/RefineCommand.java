package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "refine",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Refine bronze into the silver Delta tables: typed, normalized, pseudonymized, deduplicated;"
            + " bad rows go to quarantine.")
final class RefineCommand extends DatasetCommand {

  @Mixin FullRefreshOption fullRefresh;

  @Override
  Map<String, String> commandSettings() {
    return fullRefresh.settings();
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new RefineJob(job).run(datasets);
  }
}

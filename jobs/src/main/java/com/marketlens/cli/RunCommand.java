package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.stages.Pipeline;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Run every stage in order: ingest, refine, gold (each gold job only when all its inputs are selected), export.")
final class RunCommand extends DatasetCommand {

  @Mixin GrainOption grain;

  @Mixin FullRefreshOption fullRefresh;

  @Override
  Map<String, String> commandSettings() {
    Map<String, String> settings = new HashMap<>(grain.settings());
    settings.putAll(fullRefresh.settings());
    return settings;
  }

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return Pipeline.run(job, datasets);
  }
}

package com.marketlens.cli;

import com.marketlens.maintenance.OptimizeJob;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "optimize",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Compact the large silver tables and Z-order them for data skipping (marketlens.optimize.zorder-by);"
            + " a weekly maintenance task, not part of run.")
final class OptimizeCommand extends DatasetCommand {

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new OptimizeJob(job).run(datasets);
  }
}

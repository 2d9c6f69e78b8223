package com.marketlens.cli;

import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.JobContext;
import com.marketlens.quality.StageReport;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "gold", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Build the gold tables from silver: price index, unit economics, price wars, segment losses,"
        + " exits and survival (docs/metrics.md).")
final class GoldCommand extends PipelineCommand {

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new PriceWarJob(job).run();
  }
}

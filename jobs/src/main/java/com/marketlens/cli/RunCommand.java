package com.marketlens.cli;

import com.marketlens.JobContext;
import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.ingest.IngestJob;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import com.marketlens.schema.Datasets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Run every stage in order: ingest, refine, gold (gold only when all its inputs are selected).")
final class RunCommand extends PipelineCommand {

  private static final List<String> PRICE_WAR_INPUTS =
      List.of(Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS);

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    List<StageReport> reports = new ArrayList<>();
    reports.addAll(new IngestJob(job).run(datasets));
    reports.addAll(new RefineJob(job).run(datasets));
    if (datasets.containsAll(PRICE_WAR_INPUTS)) {
      reports.addAll(new PriceWarJob(job).run());
    }
    return reports;
  }
}

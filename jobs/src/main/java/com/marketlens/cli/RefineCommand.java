package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "refine",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Refine bronze into the silver Delta tables: typed, normalized, pseudonymized, deduplicated;"
            + " bad rows go to quarantine.")
final class RefineCommand extends DatasetCommand {

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new RefineJob(job).run(datasets);
  }
}

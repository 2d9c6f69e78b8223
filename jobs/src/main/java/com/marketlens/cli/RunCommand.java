package com.marketlens.cli;

import com.marketlens.JobContext;
import com.marketlens.ingest.IngestJob;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Run every stage in order: ingest, refine, gold (each gold job only when all its inputs are selected).")
final class RunCommand extends PipelineCommand {

  @picocli.CommandLine.Mixin GrainOption grain;

  @Override
  java.util.Map<String, String> commandSettings() {
    return grain.settings();
  }

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    List<StageReport> reports = new ArrayList<>();
    reports.addAll(new IngestJob(job).run(datasets));
    reports.addAll(new RefineJob(job).run(datasets));
    reports.addAll(GoldJobs.run(job, GoldJobs.coveredBy(datasets)));
    return reports;
  }
}

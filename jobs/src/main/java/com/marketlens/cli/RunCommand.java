package com.marketlens.cli;

import com.marketlens.JobContext;
import com.marketlens.export.ExportJob;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.DeltaTables;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
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
final class RunCommand extends PipelineCommand {

  @Mixin DatasetOption dataset;

  @Override
  List<String> datasets() {
    return dataset.selected();
  }

  @Mixin GrainOption grain;

  @Override
  Map<String, String> commandSettings() {
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
    // Every gold table the warehouse has (also from earlier runs) goes to the BI exports.
    List<String> gold =
        GoldTables.ALL.stream()
            .filter(t -> DeltaTables.exists(job.spark(), job.warehouse().gold(t)))
            .toList();
    if (!gold.isEmpty()) {
      reports.addAll(new ExportJob(job).run(gold));
    }
    return reports;
  }
}

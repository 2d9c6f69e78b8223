package com.marketlens.cli;

import com.marketlens.ingest.IngestJob;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Ingest new scraped files into the bronze Delta tables (files already ingested are skipped).")
final class IngestCommand extends PipelineCommand {

  @Mixin DatasetOption dataset;

  @Override
  List<String> datasets() {
    return dataset.selected();
  }

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new IngestJob(job).run(datasets);
  }
}

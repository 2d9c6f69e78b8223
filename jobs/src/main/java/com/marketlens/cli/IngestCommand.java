package com.marketlens.cli;

import com.marketlens.ingest.IngestJob;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Ingest new scraped files into the bronze Delta tables (files already ingested are skipped).")
final class IngestCommand extends DatasetCommand {

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new IngestJob(job).run(datasets);
  }
}

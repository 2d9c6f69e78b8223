package com.marketlens.cli;

import com.marketlens.ingest.IngestJob;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Run every stage in order: ingest, refine.")
final class RunCommand extends PipelineCommand {

  @Override
  boolean needsInput() {
    return true;
  }

  @Override
  List<StageReport> execute(Context c) {
    List<StageReport> reports = new ArrayList<>();
    reports.addAll(new IngestJob(c.spark(), c.conf(), c.contracts(), c.runId()).run(c.datasets()));
    reports.addAll(new RefineJob(c.spark(), c.conf(), c.contracts(), c.runId()).run(c.datasets()));
    return reports;
  }
}

package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.report.ReportJob;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Write a self-contained HTML report with charts of the gold tables: retention heatmaps, growth"
            + " curves with their ceilings, prices against costs with price wars shaded, loss ratios.")
final class ReportCommand extends PipelineCommand {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder for report.html and the PNG charts.")
  Path out = Path.of("report");

  @Override
  boolean writesWarehouse() {
    return false;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    List<Path> charts = new ReportJob(job).run(out.toAbsolutePath());
    spec.commandLine()
        .getOut()
        .println(
            "Report: "
                + out.toAbsolutePath().resolve("report.html")
                + " ("
                + charts.size()
                + " charts)");
    return List.of();
  }
}

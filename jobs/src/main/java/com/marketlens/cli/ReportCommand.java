package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.report.ReportJob;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Write the report of the gold tables: an interactive page that opens offline (report.html:"
            + " run overview, retention, growth accounting, growth curves with their ceilings and"
            + " backtest, prices against costs per vendor with price wars shaded, loss ratios) and/or"
            + " the charts as PNG files (report-png.html).")
final class ReportCommand extends PipelineCommand {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder for report.html and the PNG charts.")
  Path out = Path.of("report");

  @Option(
      names = "--format",
      split = ",",
      paramLabel = "FORMAT",
      description =
          "html (interactive page, report.html), png (PNG charts and report-png.html), or both:"
              + " html,png. Valid: ${COMPLETION-CANDIDATES}.")
  Set<ReportJob.Format> formats = EnumSet.of(ReportJob.Format.html);

  @Override
  boolean writesWarehouse() {
    return false;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    List<Path> files = new ReportJob(job).run(out.toAbsolutePath(), formats);
    spec.commandLine()
        .getOut()
        .println(
            "Report: "
                + out.toAbsolutePath()
                + " ("
                + files.size()
                + " files: "
                + names(files)
                + ")");
    return List.of();
  }

  private static String names(List<Path> files) {
    List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
    return names.size() <= 3
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, 3)) + ", ...";
  }
}

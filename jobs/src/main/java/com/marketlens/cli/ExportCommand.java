package com.marketlens.cli;

import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.export.ExportJob;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.GoldTables;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Write the gold tables as Parquet for BI tools under <exports>/<table>/, with _manifest.json"
            + " and _SUCCESS; staged and swapped in, so readers never see a half-written export (docs/bi.md).")
final class ExportCommand extends PipelineCommand {

  @Option(
      names = "--table",
      paramLabel = "NAME",
      split = ",",
      description = "Only these gold tables (default: all).")
  List<String> tables;

  @Override
  void checkOptions() {
    for (String t : tables == null ? List.<String>of() : tables) {
      if (!GoldTables.ALL.contains(t)) {
        throw Errors.badOption("--table", t, "a gold table: " + String.join(", ", GoldTables.ALL));
      }
    }
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return new ExportJob(job).run(tables == null ? GoldTables.ALL : tables);
  }
}

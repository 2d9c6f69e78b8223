package com.marketlens.cli;

import com.marketlens.export.ExportJob;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.GoldTables;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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
      converter = ExportCommand.GoldTableName.class,
      description =
          "Only these gold tables, written whatever their version (default: every gold table whose"
              + " export does not hold its current version).")
  List<String> tables;

  @Mixin FullRefreshOption fullRefresh;

  @Override
  Map<String, String> commandSettings() {
    return fullRefresh.settings();
  }

  /**
   * Accepts the name of a gold table, so that picocli reports any other value itself. The names
   * come from the contracts (schemas/gold) through GoldTables: an enum here would be a second list
   * to keep in step.
   */
  static final class GoldTableName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!GoldTables.ALL.contains(value)) {
        throw new TypeConversionException(
            "`"
                + value
                + "` is not a gold table; expected one of "
                + String.join(", ", GoldTables.ALL));
      }
      return value;
    }
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return tables == null
        ? new ExportJob(job).runChanged(GoldTables.ALL)
        : new ExportJob(job).run(tables);
  }
}

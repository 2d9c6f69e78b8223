package com.marketlens.cli;

import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.stages.GoldJobs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "gold",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Build the gold tables from silver (docs/metrics.md): growth (cohort_retention,"
            + " growth_accounting, channel_growth, growth_model_fits, growth_ceilings, growth_ceiling_backtest,"
            + " growth_changepoints, market_event_impact), graph"
            + " (graph_summary, org_density,"
            + " user_graph_metrics, cohort_graph_growth) and pricewar (price index, unit economics, price wars,"
            + " segment losses, exits, survival).")
final class GoldCommand extends PipelineCommand {

  @Option(
      names = "--job",
      paramLabel = "NAME",
      split = ",",
      description = "Only these gold jobs: growth, graph, pricewar (default: all).")
  List<GoldJobs> jobs;

  @Mixin GrainOption grain;

  @Mixin FullRefreshOption fullRefresh;

  @Override
  Map<String, String> commandSettings() {
    Map<String, String> settings = new HashMap<>(grain.settings());
    settings.putAll(fullRefresh.settings());
    return settings;
  }

  @Override
  List<StageReport> execute(JobContext job, List<String> datasets) {
    return GoldJobs.run(job, jobs == null ? List.of(GoldJobs.values()) : jobs);
  }
}

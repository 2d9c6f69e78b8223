package com.marketlens.cli;

import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.gold.graph.GraphJob;
import com.marketlens.gold.growth.GrowthJob;
import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The gold jobs by name, with the silver datasets each is built from; shared by {@code gold} and {@code run}. */
final class GoldJobs {

  record GoldJobSpec(List<String> inputs, Function<JobContext, List<StageReport>> runner) {}

  static final Map<String, GoldJobSpec> ALL = new LinkedHashMap<>();

  static {
    ALL.put("growth", new GoldJobSpec(List.of(Datasets.SNS_USERS, Datasets.SNS_ACTIVITY, Datasets.SITE_TRAFFIC),
        job -> new GrowthJob(job).run()));
    ALL.put("graph", new GoldJobSpec(List.of(Datasets.SNS_USERS, Datasets.SNS_RELATIONS),
        job -> new GraphJob(job).run()));
    ALL.put("pricewar", new GoldJobSpec(
        List.of(Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS),
        job -> new PriceWarJob(job).run()));
  }

  private GoldJobs() {}

  /** Checks the names before anything runs. */
  static List<String> validate(List<String> names) {
    for (String name : names) {
      if (!ALL.containsKey(name)) {
        throw Errors.badOption("--job", name, "one of " + String.join(", ", ALL.keySet()));
      }
    }
    return names;
  }

  /** Runs the named jobs in their fixed order. */
  static List<StageReport> run(JobContext job, Collection<String> names) {
    List<StageReport> reports = new ArrayList<>();
    ALL.forEach((name, spec) -> {
      if (names.contains(name)) {
        reports.addAll(spec.runner().apply(job));
      }
    });
    return reports;
  }

  /** The jobs whose every input is among the datasets. */
  static List<String> coveredBy(Collection<String> datasets) {
    return ALL.entrySet().stream().filter(e -> datasets.containsAll(e.getValue().inputs())).map(Map.Entry::getKey)
        .toList();
  }
}

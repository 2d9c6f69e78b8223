package com.marketlens.cli;

import com.marketlens.Concurrently;
import com.marketlens.Errors;
import com.marketlens.JobContext;
import com.marketlens.gold.GoldJob;
import com.marketlens.gold.graph.GraphJob;
import com.marketlens.gold.growth.GrowthJob;
import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The gold jobs by name, with the silver datasets each is built from; shared by {@code gold} and
 * {@code run}.
 */
final class GoldJobs {

  record GoldJobSpec(List<String> inputs, Function<JobContext, GoldJob> job) {}

  static final Map<String, GoldJobSpec> ALL = new LinkedHashMap<>();

  static {
    ALL.put(
        "growth",
        new GoldJobSpec(
            List.of(Datasets.SNS_USERS, Datasets.SNS_ACTIVITY, Datasets.SITE_TRAFFIC),
            GrowthJob::new));
    ALL.put(
        "graph",
        new GoldJobSpec(List.of(Datasets.SNS_USERS, Datasets.SNS_RELATIONS), GraphJob::new));
    ALL.put(
        "pricewar",
        new GoldJobSpec(
            List.of(Datasets.CLOUD_PRICES, Datasets.CLOUD_UNIT_COSTS, Datasets.CLOUD_FINANCIALS),
            PriceWarJob::new));
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

  /**
   * Runs the named jobs, up to {@code marketlens.parallel-jobs} at a time (they read silver and
   * write disjoint gold tables); the reports come back in the fixed job order and share one audit
   * append.
   */
  static List<StageReport> run(JobContext job, Collection<String> names) {
    List<Callable<List<StageReport>>> tasks = new ArrayList<>();
    List<StageReport> reports = new ArrayList<>();
    try (AuditLog audit = job.audit()) {
      ALL.forEach(
          (name, spec) -> {
            if (names.contains(name)) {
              tasks.add(() -> spec.job().apply(job).run(audit));
            }
          });
      Concurrently.run(job.conf().parallelJobs(), tasks).forEach(reports::addAll);
    }
    return reports;
  }

  /** The jobs whose every input is among the datasets. */
  static List<String> coveredBy(Collection<String> datasets) {
    return ALL.entrySet().stream()
        .filter(e -> datasets.containsAll(e.getValue().inputs()))
        .map(Map.Entry::getKey)
        .toList();
  }
}

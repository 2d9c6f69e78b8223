package com.marketlens.stages;

import com.marketlens.gold.GoldBuilds;
import com.marketlens.gold.GoldJob;
import com.marketlens.gold.graph.GraphJob;
import com.marketlens.gold.growth.GrowthJob;
import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.io.AuditLog;
import com.marketlens.pipeline.Concurrently;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.Stage;
import com.marketlens.quality.StageReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The gold jobs (the values of {@code --job}), with the silver datasets each needs; shared by
 * {@code gold} and {@code run}.
 */
public enum GoldJobs {
  GROWTH(GrowthJob.NEEDS, GrowthJob::new),
  GRAPH(GraphJob.NEEDS, GraphJob::new),
  PRICEWAR(PriceWarJob.NEEDS, PriceWarJob::new);

  private final List<String> inputs;
  private final Function<JobContext, GoldJob> factory;

  GoldJobs(List<String> inputs, Function<JobContext, GoldJob> factory) {
    this.inputs = inputs;
    this.factory = factory;
  }

  /** As {@code --job} spells it (task ids, log lines). */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Runs the given jobs, up to {@code marketlens.parallel-jobs} at a time (they read silver and
   * write disjoint gold tables); the reports come back in the fixed job order and share one audit
   * append.
   */
  public static List<StageReport> run(JobContext job, Collection<GoldJobs> selected) {
    List<Callable<List<StageReport>>> tasks = new ArrayList<>();
    List<StageReport> reports = new ArrayList<>();
    GoldBuilds builds = new GoldBuilds(job);
    try (AuditLog audit = job.audit()) {
      for (GoldJobs gold : values()) {
        if (selected.contains(gold)) {
          tasks.add(() -> gold.factory.apply(job).run(audit, builds));
        }
      }
      Concurrently.run(job.conf().parallelJobs(), tasks).forEach(reports::addAll);
      builds.flush();
    }
    return reports;
  }

  /** The gold stage of a run: its selection is the names of the gold jobs to run. */
  public static Stage stage(JobContext job) {
    return selection -> run(job, selection.stream().map(GoldJobs::named).toList());
  }

  private static GoldJobs named(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The jobs whose every input is among the datasets. */
  public static List<GoldJobs> coveredBy(Collection<String> datasets) {
    return Arrays.stream(values()).filter(j -> datasets.containsAll(j.inputs)).toList();
  }
}

package com.marketlens.stages;

import com.marketlens.export.ExportJob;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;

/** The whole pipeline in order: ingest, refine, the gold jobs their inputs allow, export. */
public final class Pipeline {

  private Pipeline() {}

  /**
   * Runs every stage for {@code datasets}: each gold job runs when all its inputs are selected, and
   * every gold table the warehouse has (also from earlier runs) goes to the BI exports, unless its
   * export holds its current version already.
   */
  public static List<StageReport> run(JobContext job, List<String> datasets) {
    List<StageReport> reports = new ArrayList<>();
    reports.addAll(new IngestJob(job).run(datasets));
    reports.addAll(new RefineJob(job).run(datasets));
    reports.addAll(
        GoldJobs.stage(job)
            .run(GoldJobs.coveredBy(datasets).stream().map(GoldJobs::toString).toList()));
    List<String> gold =
        GoldTables.ALL.stream()
            .filter(t -> DeltaTables.exists(job.spark(), job.warehouse().gold(t)))
            .toList();
    if (!gold.isEmpty()) {
      reports.addAll(new ExportJob(job).runChanged(gold));
    }
    return reports;
  }
}

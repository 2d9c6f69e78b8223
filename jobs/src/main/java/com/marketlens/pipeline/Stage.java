package com.marketlens.pipeline;

import com.marketlens.quality.StageReport;
import java.util.List;

/**
 * The contract of every stage of a run (ingest, refine, the gold jobs, export, optimize): built
 * with the run's {@link JobContext} (its run date, configuration and warehouse), it works on a
 * selection of datasets or tables and returns what it did to each, one {@link StageReport} apiece,
 * which the audit table also records.
 */
public interface Stage {

  /** Runs the stage on {@code selection} (dataset or table names, in any order). */
  List<StageReport> run(List<String> selection);
}

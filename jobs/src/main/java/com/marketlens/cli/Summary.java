package com.marketlens.cli;

import com.marketlens.quality.StageReport;
import com.marketlens.quality.StageReport.Status;
import java.io.PrintWriter;
import java.util.List;

/** The per-dataset table a run prints at the end. */
final class Summary {

  private Summary() {}

  static void print(PrintWriter out, String runId, List<StageReport> reports, double seconds) {
    out.printf("%nMarketLens run %s%n", runId);
    out.printf(
        "%-8s %-22s %10s %10s %12s %11s %8s  %s%n",
        "stage", "dataset", "read", "loaded", "quarantined", "duplicates", "seconds", "status");
    for (StageReport r : reports) {
      out.printf(
          "%-8s %-22s %10d %10d %12d %11d %8.1f  %s%s%n",
          r.stage(),
          r.dataset(),
          r.rowsRead(),
          r.rowsLoaded(),
          r.rowsQuarantined(),
          r.duplicatesDropped(),
          r.seconds(),
          r.status(),
          r.quarantinedByReason().isEmpty() ? "" : "  " + r.quarantinedByReason());
      if (r.message() != null && r.status() != Status.SUCCEEDED) {
        out.printf("%-8s %-22s   %s%n", "", "", r.message());
      }
    }
    out.printf("Total wall time in the pipeline: %.1f s%n", seconds);
    out.flush();
  }
}

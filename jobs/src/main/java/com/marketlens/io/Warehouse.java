package com.marketlens.io;

/**
 * Where each Delta table lives under the warehouse root (a local folder or an s3a:// URI).
 *
 * <p>The quarantine table sits in the bronze (raw) zone on purpose: it keeps the raw record, which
 * may hold raw user ids and IPs, so it gets bronze's access rules and is never exported.
 */
public record Warehouse(String root) {

  public String bronze(String dataset) {
    return root + "/bronze/" + dataset;
  }

  public String silver(String dataset) {
    return root + "/silver/" + dataset;
  }

  public String gold(String table) {
    return root + "/gold/" + table;
  }

  public String quarantine() {
    return root + "/bronze/_quarantine";
  }

  public String pipelineRuns() {
    return root + "/audit/pipeline_runs";
  }

  /** The pipeline's own bookkeeping ({@code schemas/system}): what was ingested and refined. */
  public String system(String table) {
    return root + "/system/" + table;
  }
}

package com.marketlens.pipeline;

import com.marketlens.config.PipelineConf;
import com.marketlens.io.AuditLog;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import org.apache.spark.sql.SparkSession;

/**
 * What every job of one run shares: the session, the resolved configuration, the contracts and the
 * run id.
 */
public record JobContext(SparkSession spark, PipelineConf conf, Contracts contracts, String runId) {

  public Warehouse warehouse() {
    return new Warehouse(conf.warehouse());
  }

  public AuditLog audit() {
    return new AuditLog(spark, warehouse(), contracts, runId, conf.runDate());
  }
}

package com.marketlens.pipeline;

import com.marketlens.config.PipelineConf;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contracts;
import org.apache.spark.sql.SparkSession;

/** Base of the stage jobs: the run's shared context, unpacked once for readable job code. */
public abstract class PipelineJob {

  protected final JobContext job;
  protected final SparkSession spark;
  protected final PipelineConf conf;
  protected final Contracts contracts;
  protected final Warehouse warehouse;
  protected final String runId;

  protected PipelineJob(JobContext job) {
    this.job = job;
    this.spark = job.spark();
    this.conf = job.conf();
    this.contracts = job.contracts();
    this.warehouse = job.warehouse();
    this.runId = job.runId();
  }
}

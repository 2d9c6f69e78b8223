package com.marketlens.pipeline;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;

/**
 * Names the Spark jobs a piece of work starts (the Spark UI and the event log show which stage and
 * table ran), and restores the thread's previous job group when the work ends, as Iceberg's
 * JobGroupUtils/withJobGroupInfo do. Job groups are thread-local: concurrent stages each keep their
 * own.
 */
public final class JobGroup {

  private static final String GROUP = "spark.jobGroup.id";
  private static final String DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT = "spark.job.interruptOnCancel";

  private JobGroup() {}

  public static <T> T with(SparkContext spark, String group, String description, Supplier<T> work) {
    String previousGroup = spark.getLocalProperty(GROUP);
    String previousDescription = spark.getLocalProperty(DESCRIPTION);
    String previousInterrupt = spark.getLocalProperty(INTERRUPT);
    spark.setJobGroup(group, description, false);
    try {
      return work.get();
    } finally {
      spark.setLocalProperty(GROUP, previousGroup);
      spark.setLocalProperty(DESCRIPTION, previousDescription);
      spark.setLocalProperty(INTERRUPT, previousInterrupt);
    }
  }
}

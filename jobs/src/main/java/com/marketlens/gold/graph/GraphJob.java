package com.marketlens.gold.graph;

import com.marketlens.JobContext;
import com.marketlens.gold.GoldJob;
import com.marketlens.quality.AuditLog;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/** Silver users and relations to the four social-graph gold tables (definitions: docs/metrics.md). */
public final class GraphJob extends GoldJob {

  public GraphJob(JobContext job) {
    super(job);
  }

  @Override
  public List<StageReport> run(AuditLog audit) {
    requireSilver("graph", Datasets.SNS_USERS, Datasets.SNS_RELATIONS);
    spark.sparkContext().setJobGroup("gold:graph", "MarketLens social-graph gold tables", false);
    Dataset<Row> users = silver(Datasets.SNS_USERS);
    Dataset<Row> relations = silver(Datasets.SNS_RELATIONS);
    Dataset<Row> edges = GraphMetrics.undirectedEdges(relations).persist(StorageLevel.MEMORY_AND_DISK());
    // Persisted so the ids given by zipWithIndex are assigned once and every table sees the same ones.
    Dataset<Row> vertices = GraphMetrics.numberedVertices(spark, users, edges).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> numbered = GraphMetrics.numberedEdges(edges, vertices).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> metrics = GraphMetrics.vertexMetrics(spark, vertices, numbered, conf.pagerankTolerance());
    List<StageReport> reports = new ArrayList<>();
    try {
      reports.add(write(audit, GoldTables.GRAPH_SUMMARY, GraphMetrics.graphSummary(metrics, edges,
          GraphMetrics.selfLoops(relations), conf.dunbarThreshold())));
      reports.add(write(audit, GoldTables.ORG_DENSITY, GraphMetrics.orgDensity(users, edges)));
      reports.add(write(audit, GoldTables.USER_GRAPH_METRICS, GraphMetrics.userMetrics(metrics, conf.degreeBands())));
      reports.add(write(audit, GoldTables.COHORT_GRAPH_GROWTH,
          GraphMetrics.cohortGraphGrowth(spark, metrics, numbered)));
    } finally {
      metrics.unpersist();
      numbered.unpersist();
      vertices.unpersist();
      edges.unpersist();
    }
    return reports;
  }
}

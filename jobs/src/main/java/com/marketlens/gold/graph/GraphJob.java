package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.marketlens.gold.GoldJob;
import com.marketlens.gold.Months;
import com.marketlens.io.AuditLog;
import com.marketlens.io.DeltaTables;
import com.marketlens.pipeline.JobContext;
import com.marketlens.pipeline.Persisted;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Silver users and relations to the four social-graph gold tables (definitions: docs/metrics.md).
 */
public final class GraphJob extends GoldJob {

  private static final Logger LOG = LogManager.getLogger(GraphJob.class);

  private static final long EDGES_PER_PARTITION = 5_000_000;

  /** The silver datasets the job is built from. */
  public static final List<String> NEEDS = List.of(Datasets.SNS_USERS, Datasets.SNS_RELATIONS);

  public GraphJob(JobContext job) {
    super(job, "graph", GoldTables.GRAPH, NEEDS, List.of(), "MarketLens social-graph gold tables");
  }

  @Override
  protected List<StageReport> build(AuditLog audit) {
    Optional<String> why = unavailable(NEEDS.toArray(String[]::new));
    if (why.isPresent()) {
      return skipped(
          audit,
          why.get(),
          GoldTables.GRAPH_SUMMARY,
          GoldTables.ORG_DENSITY,
          GoldTables.USER_GRAPH_METRICS,
          GoldTables.COHORT_GRAPH_GROWTH);
    }
    Dataset<Row> allUsers = silver(Datasets.SNS_USERS);
    Dataset<Row> allRelations = silver(Datasets.SNS_RELATIONS);
    // Sites share no edge: a site whose users and relations are as at the last build keeps its
    // rows, and only the others are recomputed (docs/incremental.md).
    Map<String, String> digests = SiteDigests.of(allUsers, allRelations);
    recordParts(digests);
    Optional<Set<String>> onlySites =
        previousParts().map(before -> SiteDigests.changed(before, digests));
    if (onlySites.isPresent() && onlySites.get().isEmpty()) {
      return unchanged(audit, "no site's users or relations changed");
    }
    onlySites.ifPresent(
        sites ->
            LOG.info(
                "gold job graph: rebuilding sites {}, the others are unchanged",
                new TreeSet<>(sites)));
    Dataset<Row> users = onlySites.map(sites -> bySite(allUsers, sites)).orElse(allUsers);
    Dataset<Row> relations =
        onlySites.map(sites -> bySite(allRelations, sites)).orElse(allRelations);
    try (Persisted cached = new Persisted()) {
      Dataset<Row> edges = cached.keep(GraphMetrics.undirectedEdges(relations));
      // Persisted so the ids given by zipWithIndex are assigned once and every table sees the same.
      Dataset<Row> vertices = cached.keep(GraphMetrics.numberedVertices(spark, users, edges));
      Dataset<Row> numbered =
          cached.keep(
              GraphMetrics.numberedEdges(edges, vertices).coalesce(graphPartitions(edges.count())));
      Set<Integer> cachedBefore =
          Set.copyOf(
              JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().keySet());
      cached.onClose(() -> releaseGraphxCaches(cachedBefore));
      // Materialized (persisted) by vertexMetrics itself.
      Dataset<Row> metrics =
          GraphMetrics.vertexMetrics(spark, vertices, numbered, conf.pagerankTolerance());
      cached.onClose(metrics::unpersist);
      List<StageReport> reports = new ArrayList<>();
      reports.add(
          write(
              audit,
              onlySites,
              GoldTables.GRAPH_SUMMARY,
              GraphMetrics.graphSummary(
                  metrics, edges, GraphMetrics.selfLoops(relations), conf.dunbarThreshold())));
      reports.add(
          write(audit, onlySites, GoldTables.ORG_DENSITY, GraphMetrics.orgDensity(users, edges)));
      reports.add(
          write(
              audit,
              onlySites,
              GoldTables.USER_GRAPH_METRICS,
              GraphMetrics.userMetrics(metrics, conf.degreeBands())));
      reports.add(
          write(
              audit,
              onlySites,
              GoldTables.COHORT_GRAPH_GROWTH,
              cohortGraphGrowth(cached, metrics, numbered, digests, onlySites)));
      return reports;
    }
  }

  /**
   * cohort_graph_growth of the sites being built. On a run that rebuilds some sites, each keeps its
   * months before its cut (SnapshotReuse) and gets the months from the cut on again: from the whole
   * graph's components when every site's cut is its last month, otherwise from the Pregel over the
   * months from each site's cut on. A full build runs the Pregel over every month.
   */
  private Dataset<Row> cohortGraphGrowth(
      Persisted cached,
      Dataset<Row> metrics,
      Dataset<Row> numbered,
      Map<String, String> digests,
      Optional<Set<String>> onlySites) {
    if (onlySites.isEmpty() || previousParts().isEmpty()) {
      return GraphMetrics.cohortGraphGrowth(
          metrics, numbered, GraphMetrics.monthlyLabels(spark, metrics, numbered));
    }
    Dataset<Row> before =
        cached.keep(
            DeltaTables.read(spark, warehouse.gold(GoldTables.COHORT_GRAPH_GROWTH))
                .filter(col("site").isin(onlySites.get().toArray())));
    Map<String, Integer> lastBefore = new TreeMap<>();
    before
        .groupBy("site")
        .agg(max(Months.index(col("month"))))
        .collectAsList()
        .forEach(r -> lastBefore.put(r.getString(0), r.getInt(1)));
    Map<String, Integer> cuts =
        SnapshotReuse.cuts(onlySites.get(), previousParts().get(), digests, lastBefore);
    Map<String, Integer> lastNow = GraphMetrics.lastMonths(metrics, numbered);
    Map<String, Integer> firstMonths = SnapshotReuse.firstMonths(cuts, lastNow);
    boolean lastMonthsOnly = SnapshotReuse.lastMonthsOnly(firstMonths, lastNow);
    LOG.info(
        "gold job graph: cohort_graph_growth keeps each site's months before {} (month index; {}"
            + " = all, {} = none) and computes the later ones {}",
        cuts,
        SnapshotReuse.KEEP_ALL,
        SnapshotReuse.KEEP_NONE,
        lastMonthsOnly
            ? "from the whole graph's components, without the monthly Pregel"
            : "with the monthly Pregel from " + firstMonths);
    Dataset<Row> growth;
    if (lastMonthsOnly) {
      growth = GraphMetrics.cohortGraphGrowth(metrics, numbered, GraphMetrics.finalLabels(metrics));
    } else {
      Dataset<Row> fromMonth = siteMonths(firstMonths, "first_month");
      growth =
          GraphMetrics.cohortGraphGrowthFrom(
              metrics,
              numbered,
              GraphMetrics.monthlyLabelsFrom(spark, metrics, numbered, fromMonth),
              fromMonth);
    }
    Dataset<Row> cutBySite = siteMonths(cuts, "cut");
    Contract contract = contracts.gold(GoldTables.COHORT_GRAPH_GROWTH);
    Dataset<Row> recomputed =
        contract
            .conform(growth)
            .join(cutBySite, "site")
            .filter(Months.index(col("month")).geq(col("cut")));
    Dataset<Row> kept =
        contract
            .conform(before)
            .join(cutBySite, "site")
            .filter(Months.index(col("month")).lt(col("cut")));
    return recomputed.drop("cut").unionByName(kept.drop("cut"));
  }

  /** A small table (site, {@code column}) of a month index per site. */
  private Dataset<Row> siteMonths(Map<String, Integer> months, String column) {
    return spark.createDataFrame(
        months.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList(),
        new StructType()
            .add("site", DataTypes.StringType, false)
            .add(column, DataTypes.IntegerType, false));
  }

  /**
   * Edge partitions of the GraphX graphs. Every Pregel round (PageRank's about 45, the components'
   * and the monthly snapshots') runs a task per partition and ships vertex values to every
   * partition that holds one of their edges, so fewer, larger partitions are faster as long as they
   * fit in memory: a multiple of the cores, each of at most about five million edges. At scale 4 on
   * 2 cores the job took 219 s with 16 partitions (the shuffle partitions), 192 s with 8, 188 s
   * with 4 and 161 s with 2 (docs/benchmarks.md).
   */
  private int graphPartitions(long edges) {
    int cores = spark.sparkContext().defaultParallelism();
    long rounds =
        (edges + (long) cores * EDGES_PER_PARTITION - 1) / ((long) cores * EDGES_PER_PARTITION);
    int partitions = (int) Math.min(100_000, cores * Math.max(1, rounds));
    LOG.info("gold job graph: {} undirected edges in {} GraphX partitions", edges, partitions);
    return partitions;
  }

  private static Dataset<Row> bySite(Dataset<Row> rows, Set<String> sites) {
    return rows.filter(col("site").isin(sites.toArray()));
  }

  /** The whole table, or only the rows of the sites being rebuilt. */
  private StageReport write(
      AuditLog audit, Optional<Set<String>> sites, String table, Dataset<Row> rows) {
    return sites.isPresent()
        ? writeParts(audit, table, rows, "site", sites.get())
        : write(audit, table, rows);
  }

  /**
   * GraphX's algorithms (TriangleCount, the Pregel rounds of ConnectedComponents and of the monthly
   * labels, PageRank) persist graphs they never release, which would hold memory for the rest of
   * the run. GraphX names the RDDs of every graph "VertexRDD..." or "EdgeRDD..."; Delta's cached
   * table states, also made during the job, stay.
   */
  private void releaseGraphxCaches(Set<Integer> cachedBefore) {
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .getPersistentRDDs()
        .forEach(
            (id, rdd) -> {
              String name = String.valueOf(rdd.name());
              if (!cachedBefore.contains(id)
                  && (name.startsWith("VertexRDD") || name.startsWith("EdgeRDD"))) {
                rdd.unpersist(false);
              }
            });
  }
}

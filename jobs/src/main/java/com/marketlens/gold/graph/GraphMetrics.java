package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.marketlens.gold.Months;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.graphx.lib.PageRank;
import org.apache.spark.graphx.lib.TriangleCount;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The social-graph metrics (definitions: docs/metrics.md#social-graph-metrics). Relations are
 * treated as undirected: a listing a->b, its reciprocal b->a and repeated listings are one edge {a,
 * b}, made when the first of them was made; self-loops are dropped and counted. Every site is
 * analysed as one graph over all relation types (layer "all") and as one graph per relation type.
 * All layers are numbered into one GraphX graph, so each algorithm runs once for every site and
 * layer: no edge ever reaches the driver.
 */
public final class GraphMetrics {

  /** The layer that merges every relation type. */
  public static final String ALL = "all";

  private static final ClassTag<Integer> INT = ClassTag$.MODULE$.apply(Integer.class);

  private static final StructType VERTEX_VALUE =
      new StructType()
          .add("vertex_id", DataTypes.LongType, false)
          .add("value", DataTypes.DoubleType, false);

  private static final StructType LABEL_STEPS =
      new StructType()
          .add("vertex_id", DataTypes.LongType, false)
          .add("from_month", DataTypes.IntegerType, false)
          .add("until_month", DataTypes.IntegerType, true)
          .add("label", DataTypes.LongType, false);

  private GraphMetrics() {}

  /** First day of the month with that index. */
  static Column monthOf(Column index) {
    return add_months(lit(LocalDate.of(1970, 1, 1)), index);
  }

  /** Self-loop listings per site and layer (refine quarantines them, so pipeline data has none). */
  public static Dataset<Row> selfLoops(Dataset<Row> relations) {
    return relations
        .filter(col("src_user_key").equalTo(col("dst_user_key")))
        .withColumn("relation", explode(array(col("relation"), lit(ALL))))
        .groupBy("site", "relation")
        .agg(count(lit(1)).as("self_loops_dropped"));
  }

  /**
   * Undirected edges per site and layer: (site, relation, a_key, b_key, created_at, listings) with
   * a_key < b_key; relation is the type or {@link #ALL}; listings counts the listings merged into
   * the edge.
   */
  public static Dataset<Row> undirectedEdges(Dataset<Row> relations) {
    return relations
        .filter(col("src_user_key").notEqual(col("dst_user_key")))
        .select(
            col("site"),
            explode(array(col("relation"), lit(ALL))).as("relation"),
            least(col("src_user_key"), col("dst_user_key")).as("a_key"),
            greatest(col("src_user_key"), col("dst_user_key")).as("b_key"),
            col("created_at"))
        .groupBy("site", "relation", "a_key", "b_key")
        .agg(min("created_at").as("created_at"), count(lit(1)).as("listings"));
  }

  /**
   * The vertices of each layer with a dense id: (vertex_id, site, relation, user_key, birth_month).
   * Layer {@link #ALL} holds every registered user (isolated ones too) and every edge end; a
   * relation layer holds the users with an edge of that type. birth_month is the month index the
   * user registered or made a first edge, whichever came first. Ids follow (site, relation,
   * user_key) order, so within a layer a smaller id means a smaller user key and an edge's a_key
   * always has the smaller id.
   */
  public static Dataset<Row> numberedVertices(
      SparkSession spark, Dataset<Row> users, Dataset<Row> edges) {
    Dataset<Row> ends =
        edges
            .select(col("site"), col("relation"), col("a_key").as("user_key"), col("created_at"))
            .union(
                edges.select(
                    col("site"), col("relation"), col("b_key").as("user_key"), col("created_at")))
            .groupBy("site", "relation", "user_key")
            .agg(min("created_at").as("first_edge_at"));
    Dataset<Row> registered =
        users.select(col("site"), lit(ALL).as("relation"), col("user_key"), col("registered_at"));
    Dataset<Row> vertices =
        registered
            .join(ends, new String[] {"site", "relation", "user_key"}, "full_outer")
            .select(
                col("site"),
                col("relation"),
                col("user_key"),
                Months.index(least(col("registered_at"), col("first_edge_at"))).as("birth_month"))
            .orderBy("site", "relation", "user_key");
    StructType schema =
        new StructType()
            .add("vertex_id", DataTypes.LongType, false)
            .add("site", DataTypes.StringType, false)
            .add("relation", DataTypes.StringType, false)
            .add("user_key", DataTypes.StringType, false)
            .add("birth_month", DataTypes.IntegerType, false);
    JavaRDD<Row> numbered =
        vertices
            .javaRDD()
            .zipWithIndex()
            .map(
                t ->
                    RowFactory.create(
                        t._2(), t._1().get(0), t._1().get(1), t._1().get(2), t._1().get(3)));
    return spark.createDataFrame(numbered, schema);
  }

  /**
   * Edges with the ids of their ends: (site, relation, src_id, dst_id, created_month), src_id <
   * dst_id.
   */
  public static Dataset<Row> numberedEdges(Dataset<Row> edges, Dataset<Row> vertices) {
    Dataset<Row> ids = vertices.select("vertex_id", "site", "relation", "user_key");
    return edges
        .join(
            ids.withColumnRenamed("user_key", "a_key").withColumnRenamed("vertex_id", "src_id"),
            new String[] {"site", "relation", "a_key"})
        .join(
            ids.withColumnRenamed("user_key", "b_key").withColumnRenamed("vertex_id", "dst_id"),
            new String[] {"site", "relation", "b_key"})
        .select(
            col("site"),
            col("relation"),
            col("src_id"),
            col("dst_id"),
            Months.index(col("created_at")).as("created_month"));
  }

  /**
   * Per vertex of every layer: the vertex columns plus degree (distinct neighbours), triangles
   * through the vertex, local_clustering, component_label (smallest vertex id of its connected
   * component) and, in layer {@link #ALL}, pagerank (GraphX's un-normalised rank, damping 0.85, run
   * to {@code tolerance}). The result is persisted (the caller unpersists it).
   */
  public static Dataset<Row> vertexMetrics(
      SparkSession spark, Dataset<Row> vertices, Dataset<Row> numberedEdges, double tolerance) {
    JavaRDD<Tuple2<Object, Integer>> ids =
        vertices
            .select("vertex_id")
            .javaRDD()
            .map(r -> new Tuple2<Object, Integer>(r.getLong(0), 0));
    JavaRDD<Edge<Integer>> edges =
        numberedEdges
            .select("src_id", "dst_id", "created_month")
            .javaRDD()
            .map(r -> new Edge<>(r.getLong(0), r.getLong(1), r.getInt(2)));
    Graph<Integer, Integer> graph =
        Graph.apply(
            ids.rdd(),
            edges.rdd(),
            0,
            StorageLevel.MEMORY_AND_DISK(),
            StorageLevel.MEMORY_AND_DISK(),
            INT,
            INT);
    // Edges are canonical (src < dst, no duplicates, no self-loops), so the pre-canonicalized
    // variant is exact.
    Graph<Object, Integer> triangleGraph = TriangleCount.runPreCanonicalized(graph, INT, INT);
    Graph<Object, Integer> componentGraph = ConnectedComponents.run(graph, INT, INT);
    Graph<Integer, Integer> symmetric = symmetricAllLayer(vertices, numberedEdges);
    Graph<Object, Object> rankGraph =
        PageRank.runUntilConvergence(symmetric, tolerance, 0.15, INT, INT);
    Dataset<Row> triangles =
        vertexValues(spark, triangleGraph).withColumnRenamed("value", "triangles");
    Dataset<Row> components =
        vertexValues(spark, componentGraph).withColumnRenamed("value", "component_label");
    Dataset<Row> ranks = vertexValues(spark, rankGraph).withColumnRenamed("value", "pagerank");
    Dataset<Row> degrees =
        numberedEdges
            .select(col("src_id").as("vertex_id"))
            .union(numberedEdges.select(col("dst_id").as("vertex_id")))
            .groupBy("vertex_id")
            .agg(count(lit(1)).as("degree"));
    Column degree = coalesce(col("degree"), lit(0L));
    Dataset<Row> metrics =
        vertices
            .join(degrees, new String[] {"vertex_id"}, "left")
            .join(triangles, new String[] {"vertex_id"}, "left")
            .join(components, new String[] {"vertex_id"}, "left")
            .join(ranks, new String[] {"vertex_id"}, "left")
            .select(
                col("vertex_id"),
                col("site"),
                col("relation"),
                col("user_key"),
                col("birth_month"),
                degree.as("degree"),
                col("triangles").cast("long").as("triangles"),
                when(
                        degree.geq(2),
                        col("triangles").multiply(2).divide(degree.multiply(degree.minus(1))))
                    .otherwise(0.0)
                    .as("local_clustering"),
                col("component_label").cast("long").as("component_label"),
                col("pagerank"))
            .persist(StorageLevel.MEMORY_AND_DISK());
    // Materialized once, so the graphs GraphX cached can be released instead of staying for the
    // session.
    metrics.count();
    for (Graph<?, ?> g : List.of(graph, triangleGraph, componentGraph, symmetric, rankGraph)) {
      g.unpersist(false);
    }
    return metrics;
  }

  /** Layer {@link #ALL} with each edge in both directions, as PageRank follows out-edges. */
  private static Graph<Integer, Integer> symmetricAllLayer(
      Dataset<Row> vertices, Dataset<Row> numberedEdges) {
    JavaRDD<Tuple2<Object, Integer>> ids =
        vertices
            .filter(col("relation").equalTo(ALL))
            .select("vertex_id")
            .javaRDD()
            .map(r -> new Tuple2<Object, Integer>(r.getLong(0), 0));
    JavaRDD<Edge<Integer>> edges =
        numberedEdges
            .filter(col("relation").equalTo(ALL))
            .select("src_id", "dst_id")
            .javaRDD()
            .flatMap(
                r ->
                    List.of(
                            new Edge<>(r.getLong(0), r.getLong(1), 1),
                            new Edge<>(r.getLong(1), r.getLong(0), 1))
                        .iterator());
    return Graph.apply(
        ids.rdd(),
        edges.rdd(),
        0,
        StorageLevel.MEMORY_AND_DISK(),
        StorageLevel.MEMORY_AND_DISK(),
        INT,
        INT);
  }

  private static <E> Dataset<Row> vertexValues(SparkSession spark, Graph<Object, E> graph) {
    JavaRDD<Row> rows =
        graph
            .vertices()
            .toJavaRDD()
            .map(v -> RowFactory.create((Long) v._1(), ((Number) v._2()).doubleValue()));
    return spark.createDataFrame(rows, VERTEX_VALUE);
  }

  /**
   * graph_summary: one row per site and layer. transitivity = 3 x triangles / connected triples
   * (paths of length two, sum of d(d-1)/2); avg_clustering averages the local coefficient over all
   * nodes, 0 for nodes of degree below 2 (the NetworkX convention SNAP's figures use); degree
   * percentiles are exact with linear interpolation.
   */
  public static Dataset<Row> graphSummary(
      Dataset<Row> metrics, Dataset<Row> edges, Dataset<Row> selfLoops, int dunbarThreshold) {
    Dataset<Row> componentSizes =
        metrics
            .groupBy("site", "relation", "component_label")
            .agg(count(lit(1)).as("size"))
            .groupBy("site", "relation")
            .agg(count(lit(1)).as("components"), max("size").as("largest_component_nodes"));
    Dataset<Row> edgeCounts =
        edges
            .groupBy("site", "relation")
            .agg(count(lit(1)).as("edges"), sum("listings").as("listings"));
    Column d = col("degree");
    Dataset<Row> nodes =
        metrics
            .groupBy("site", "relation")
            .agg(
                count(lit(1)).as("nodes"),
                sum("triangles").as("triangle_ends"),
                sum(d.multiply(d.minus(1)).divide(2)).as("connected_triples"),
                avg("local_clustering").as("avg_clustering"),
                expr("percentile(degree, array(0.5, 0.9, 0.99))").as("p"),
                max(d).as("degree_max"),
                avg(when(d.geq(dunbarThreshold), 1.0).otherwise(0.0)).as("dunbar_share"));
    Column n = col("nodes");
    Column e = coalesce(col("edges"), lit(0L));
    return nodes
        .join(edgeCounts, new String[] {"site", "relation"}, "left")
        .join(componentSizes, new String[] {"site", "relation"})
        .join(selfLoops, new String[] {"site", "relation"}, "left")
        .select(
            col("site"),
            col("relation"),
            n,
            e.as("edges"),
            coalesce(col("self_loops_dropped"), lit(0L)).as("self_loops_dropped"),
            coalesce(col("listings"), lit(0L)).minus(e).as("duplicate_listings_merged"),
            when(n.gt(1), e.multiply(2).divide(n.multiply(n.minus(1)))).as("density"),
            e.multiply(2).divide(n).as("avg_degree"),
            col("components"),
            col("largest_component_nodes"),
            col("largest_component_nodes").divide(n).as("largest_component_share"),
            col("triangle_ends").divide(3).cast("long").as("triangles"),
            col("connected_triples").cast("long").as("connected_triples"),
            when(
                    col("connected_triples").gt(0),
                    col("triangle_ends").divide(col("connected_triples")))
                .as("transitivity"),
            col("avg_clustering"),
            col("p").getItem(0).as("degree_p50"),
            col("p").getItem(1).as("degree_p90"),
            col("p").getItem(2).as("degree_p99"),
            col("degree_max"),
            lit(dunbarThreshold).as("dunbar_threshold"),
            col("dunbar_share"));
  }

  /**
   * user_graph_metrics: layer {@link #ALL} per user. component_id is the smallest user key of the
   * user's component (stable while the component does not change); pagerank is normalised to sum to
   * 1 per site; dunbar_band places the degree between the configured band edges.
   */
  public static Dataset<Row> userMetrics(Dataset<Row> metrics, List<Integer> bandEdges) {
    Dataset<Row> all = metrics.filter(col("relation").equalTo(ALL));
    Dataset<Row> componentKeys =
        all.select(col("vertex_id").as("component_label"), col("user_key").as("component_id"));
    Dataset<Row> componentSizes =
        all.groupBy("component_label").agg(count(lit(1)).as("component_size"));
    return all.join(componentKeys, new String[] {"component_label"})
        .join(componentSizes, new String[] {"component_label"})
        .select(
            col("site"),
            col("user_key"),
            col("degree"),
            col("triangles"),
            col("local_clustering"),
            col("component_id"),
            col("component_size"),
            col("pagerank").divide(sum("pagerank").over(Window.partitionBy("site"))).as("pagerank"),
            band(col("degree"), bandEdges).as("dunbar_band"));
  }

  /** "<50", "50-149", ">=150" for edges [50, 150]. */
  static Column band(Column degree, List<Integer> edges) {
    Column label = lit(">=" + edges.get(edges.size() - 1));
    for (int k = edges.size() - 1; k >= 0; k--) {
      String name = k == 0 ? "<" + edges.get(0) : edges.get(k - 1) + "-" + (edges.get(k) - 1);
      label = when(degree.lt(edges.get(k)), lit(name)).otherwise(label);
    }
    return label;
  }

  /**
   * org_density per site and org (school or company): members (registered users naming the org),
   * edges inside the org (layer {@link #ALL}), density = inside / (n(n-1)/2), the share of the
   * members' edge ends that stay inside, and the average number of inside neighbours per member
   * (members without edges count).
   */
  public static Dataset<Row> orgDensity(Dataset<Row> users, Dataset<Row> edges) {
    Dataset<Row> members =
        users.filter(col("org").isNotNull()).select("site", "user_key", "org", "segment");
    Dataset<Row> orgs =
        members
            .groupBy("site", "org")
            .agg(count(lit(1)).as("members"), expr("mode(segment, true)").as("segment"));
    // Each edge looks up its two ends' orgs once, then counts as an edge end of each member end:
    // two joins of the edges rather than of both directions of every edge (twice the rows).
    Dataset<Row> edgeOrgs =
        edges
            .filter(col("relation").equalTo(ALL))
            .select("site", "a_key", "b_key")
            .join(
                members.select(col("site"), col("user_key").as("a_key"), col("org").as("a_org")),
                new String[] {"site", "a_key"},
                "left")
            .join(
                members.select(col("site"), col("user_key").as("b_key"), col("org").as("b_org")),
                new String[] {"site", "b_key"},
                "left")
            .filter(col("a_org").isNotNull().or(col("b_org").isNotNull()));
    Dataset<Row> memberEnds =
        edgeOrgs
            .select(
                col("site"),
                explode(
                        array(
                            struct(col("a_org").as("org"), col("b_org").as("other_org")),
                            struct(col("b_org").as("org"), col("a_org").as("other_org"))))
                    .as("end"))
            .select(col("site"), col("end.org").as("org"), col("end.other_org").as("other_org"))
            .filter(col("org").isNotNull())
            .groupBy("site", "org")
            .agg(
                count(lit(1)).as("edge_ends"),
                sum(when(col("other_org").equalTo(col("org")), 1L).otherwise(0L))
                    .as("inside_ends"));
    Column n = col("members");
    Column insideEnds = coalesce(col("inside_ends"), lit(0L));
    return orgs.join(memberEnds, new String[] {"site", "org"}, "left")
        .select(
            col("site"),
            col("org"),
            col("segment"),
            n,
            insideEnds.divide(2).cast("long").as("inside_edges"),
            when(n.gt(1), insideEnds.divide(n.multiply(n.minus(1)))).as("density"),
            when(col("edge_ends").gt(0), insideEnds.divide(col("edge_ends")))
                .as("inside_edge_share"),
            insideEnds.divide(n).as("avg_inside_degree"));
  }

  /**
   * The connected-component label of every vertex of layer {@link #ALL} in every monthly snapshot,
   * from one Pregel run ({@link TemporalComponents}): rows (vertex_id, from_month, until_month or
   * null, label).
   */
  public static Dataset<Row> monthlyLabels(
      SparkSession spark, Dataset<Row> metrics, Dataset<Row> numberedEdges) {
    Dataset<Row> all = metrics.filter(col("relation").equalTo(ALL));
    return labelSteps(
        spark,
        all.select("vertex_id", "birth_month"),
        numberedEdges
            .filter(col("relation").equalTo(ALL))
            .select("src_id", "dst_id", "created_month"));
  }

  /**
   * As {@link #monthlyLabels(SparkSession, Dataset, Dataset)}, for the snapshots from each site's
   * first month on ({@code firstMonths}: site, first_month; sites without a row are left out). A
   * node or edge made before that month counts as made in it: every snapshot from that month on
   * holds the same nodes and edges, so its labels are the same, and the Pregel carries no earlier
   * month (fewer steps per vertex). The labels before a site's first month are not those of the
   * earlier snapshots.
   */
  public static Dataset<Row> monthlyLabelsFrom(
      SparkSession spark,
      Dataset<Row> metrics,
      Dataset<Row> numberedEdges,
      Dataset<Row> firstMonths) {
    Dataset<Row> vertices =
        metrics
            .filter(col("relation").equalTo(ALL))
            .join(firstMonths, "site")
            .select(col("vertex_id"), greatest(col("birth_month"), col("first_month")));
    Dataset<Row> edges =
        numberedEdges
            .filter(col("relation").equalTo(ALL))
            .join(firstMonths, "site")
            .select(
                col("src_id"), col("dst_id"), greatest(col("created_month"), col("first_month")));
    return labelSteps(spark, vertices, edges);
  }

  /** vertices: (vertex id, first month), edges: (src id, dst id, month made). */
  private static Dataset<Row> labelSteps(
      SparkSession spark, Dataset<Row> vertices, Dataset<Row> edges) {
    JavaRDD<Tuple2<Object, Integer>> births =
        vertices.javaRDD().map(r -> new Tuple2<Object, Integer>(r.getLong(0), r.getInt(1)));
    JavaRDD<Edge<Integer>> made =
        edges.javaRDD().map(r -> new Edge<>(r.getLong(0), r.getLong(1), r.getInt(2)));
    return spark.createDataFrame(TemporalComponents.labels(births, made), LABEL_STEPS);
  }

  /**
   * Every vertex of layer {@link #ALL} with its component label in the whole graph from its birth
   * on: right for the snapshot of a site's last month (every node and edge exists by then), not for
   * earlier months. For a daily run whose changes all fall in that month (SnapshotReuse).
   */
  public static Dataset<Row> finalLabels(Dataset<Row> metrics) {
    return metrics
        .filter(col("relation").equalTo(ALL))
        .select(
            col("vertex_id"),
            col("birth_month").as("from_month"),
            lit(null).cast("int").as("until_month"),
            col("component_label").as("label"));
  }

  /**
   * The last month of each site in cohort_graph_growth: its last node's birth or edge's creation
   * (month index), one row per site to the driver.
   */
  public static Map<String, Integer> lastMonths(Dataset<Row> metrics, Dataset<Row> numberedEdges) {
    Map<String, Integer> out = new TreeMap<>();
    metrics
        .filter(col("relation").equalTo(ALL))
        .select(col("site"), col("birth_month").as("m"))
        .union(
            numberedEdges
                .filter(col("relation").equalTo(ALL))
                .select(col("site"), col("created_month").as("m")))
        .groupBy("site")
        .agg(max("m"))
        .collectAsList()
        .forEach(r -> out.put(r.getString(0), r.getInt(1)));
    return out;
  }

  /**
   * cohort_graph_growth per site and month of layer {@link #ALL}: nodes and edges made that month
   * and in total, average degree, components and the largest component of that month's snapshot
   * (densification), the snapshots' components given by {@code steps} ({@link #monthlyLabels}).
   */
  public static Dataset<Row> cohortGraphGrowth(
      Dataset<Row> metrics, Dataset<Row> numberedEdges, Dataset<Row> steps) {
    return cohortGraphGrowth(metrics, numberedEdges, steps, null);
  }

  /**
   * As {@link #cohortGraphGrowth(Dataset, Dataset, Dataset)}, for the months from each site's first
   * month on ({@code firstMonths}: site, first_month), with {@code steps} from {@link
   * #monthlyLabelsFrom} over the same months: the earlier months have no snapshot.
   */
  public static Dataset<Row> cohortGraphGrowthFrom(
      Dataset<Row> metrics,
      Dataset<Row> numberedEdges,
      Dataset<Row> steps,
      Dataset<Row> firstMonths) {
    return cohortGraphGrowth(metrics, numberedEdges, steps, firstMonths);
  }

  private static Dataset<Row> cohortGraphGrowth(
      Dataset<Row> metrics,
      Dataset<Row> numberedEdges,
      Dataset<Row> steps,
      Dataset<Row> firstMonths) {
    Dataset<Row> vertices =
        metrics.filter(col("relation").equalTo(ALL)).select("vertex_id", "site", "birth_month");
    Dataset<Row> edges = numberedEdges.filter(col("relation").equalTo(ALL));
    Dataset<Row> newNodes =
        vertices
            .groupBy(col("site"), col("birth_month").as("m"))
            .agg(count(lit(1)).as("new_nodes"));
    Dataset<Row> newEdges =
        edges.groupBy(col("site"), col("created_month").as("m")).agg(count(lit(1)).as("new_edges"));
    Dataset<Row> span =
        newNodes
            .select("site", "m")
            .union(newEdges.select("site", "m"))
            .groupBy("site")
            .agg(min("m").as("first_m"), max("m").as("last_m"));
    Dataset<Row> snapshots =
        steps
            .join(vertices.select("vertex_id", "site"), new String[] {"vertex_id"})
            .join(span, new String[] {"site"})
            .select(
                col("site"),
                col("label"),
                explode(
                        sequence(
                            col("from_month"),
                            coalesce(col("until_month").minus(1), col("last_m"))))
                    .as("m"))
            .groupBy("site", "m", "label")
            .agg(count(lit(1)).as("size"))
            .groupBy("site", "m")
            .agg(
                sum("size").as("nodes"),
                count(lit(1)).as("components"),
                max("size").as("largest_component_nodes"));
    Dataset<Row> months =
        span.select(col("site"), explode(sequence(col("first_m"), col("last_m"))).as("m"));
    WindowSpec upToMonth =
        Window.partitionBy("site")
            .orderBy("m")
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> byMonth =
        months
            .join(newNodes, new String[] {"site", "m"}, "left")
            .join(newEdges, new String[] {"site", "m"}, "left")
            .join(snapshots, new String[] {"site", "m"}, "left")
            .select(
                col("site"),
                monthOf(col("m")).as("month"),
                coalesce(col("new_nodes"), lit(0L)).as("new_nodes"),
                coalesce(col("nodes"), lit(0L)).as("nodes"),
                coalesce(col("new_edges"), lit(0L)).as("new_edges"),
                sum(coalesce(col("new_edges"), lit(0L))).over(upToMonth).as("edges"),
                col("components"),
                col("largest_component_nodes"));
    if (firstMonths != null) {
      // Filtered after the running edge count, which sums every month's new edges.
      byMonth =
          byMonth
              .join(firstMonths, "site")
              .filter(Months.index(col("month")).geq(col("first_month")))
              .drop("first_month");
    }
    return byMonth
        .withColumn("avg_degree", col("edges").multiply(2).divide(col("nodes")))
        .withColumn("largest_component_share", col("largest_component_nodes").divide(col("nodes")));
  }
}

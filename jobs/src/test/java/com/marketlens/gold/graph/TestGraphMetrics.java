package com.marketlens.gold.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph tables on small hand-made graphs, one per site, every number worked out by hand: "tri"
 * a triangle listed with a reciprocal, a repeat and a self-loop; "star" one centre and four leaves;
 * "two" a path of three, a pair and an isolated user; "k5" a clique of five whose classmate edges
 * form a triangle; "grow" a graph that grows and merges month by month.
 */
class TestGraphMetrics extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;
  private static List<StageReport> reports;
  private static final List<Row> USERS = new ArrayList<>();
  private static final List<Row> RELATIONS = new ArrayList<>();

  @BeforeAll
  static void build() {
    for (String u : List.of("a", "b", "c")) {
      user("tri", u, "2009-01-10", null);
    }
    relation("tri", "a", "b", "friend", "2009-01-15");
    relation("tri", "b", "a", "friend", "2009-01-16");
    relation("tri", "a", "b", "friend", "2009-01-17");
    relation("tri", "b", "c", "friend", "2009-01-15");
    relation("tri", "c", "a", "friend", "2009-01-15");
    relation("tri", "a", "a", "friend", "2009-01-15");
    user("star", "s", "2009-01-10", "Company B");
    user("star", "l1", "2009-01-10", "Company B");
    for (String leaf : List.of("l2", "l3", "l4")) {
      user("star", leaf, "2009-01-10", null);
    }
    for (String leaf : List.of("l1", "l2", "l3", "l4")) {
      relation("star", "s", leaf, "colleague", "2009-01-15");
    }
    for (String u : List.of("x", "y", "z", "p", "q", "i")) {
      user("two", u, "2009-01-10", null);
    }
    relation("two", "x", "y", "friend", "2009-01-15");
    relation("two", "z", "y", "friend", "2009-01-15");
    relation("two", "p", "q", "imported_contact", "2009-01-15");
    for (int i = 1; i <= 6; i++) {
      user("k5", "u" + i, "2009-01-10", "School A");
    }
    for (int i = 1; i <= 5; i++) {
      for (int j = i + 1; j <= 5; j++) {
        relation("k5", "u" + i, "u" + j, j <= 3 ? "classmate" : "friend", "2009-01-15");
      }
    }
    relation("k5", "u2", "u1", "friend", "2009-01-20");
    user("grow", "a", "2009-01-05", null);
    user("grow", "b", "2009-01-05", null);
    user("grow", "c", "2009-02-05", null);
    user("grow", "d", "2009-02-05", null);
    user("grow", "e", "2009-04-05", null);
    relation("grow", "a", "b", "friend", "2009-01-15");
    relation("grow", "c", "d", "friend", "2009-02-10");
    relation("grow", "b", "c", "friend", "2009-03-20");
    relation("grow", "d", "e", "friend", "2009-06-02");
    warehouse = writeSilver(tmp.resolve("warehouse"), USERS, RELATIONS);
    spark().catalog().clearCache();
    reports =
        new GraphJob(
                job(
                    tmp.resolve("warehouse"),
                    Map.of(
                        "marketlens.graph.dunbar-threshold",
                        "4",
                        "marketlens.graph.degree-bands",
                        "2,4",
                        "marketlens.graph.pagerank-tolerance",
                        "0.0000001")))
            .run();
  }

  /**
   * A new relation in site "two" rebuilds that site alone; the result equals a build over the same
   * rows from scratch, every table and row (doubles to 12 significant digits). A new silver version
   * with the same rows (a re-scrape) rebuilds nothing.
   */
  @Test
  void aChangedSiteIsRebuiltAloneAndEqualsABuildFromScratch() {
    // Both builds run PageRank to the same tolerance, so they agree whatever it is; a loose one
    // keeps GraphX to about 30 rounds per build instead of about 100 (each round is a Spark job).
    Map<String, String> settings = Map.of("marketlens.graph.pagerank-tolerance", "0.01");
    Path daily = tmp.resolve("by-site");
    writeSilver(daily, USERS, RELATIONS);
    new GraphJob(job(daily, settings)).run();
    List<Row> more = new ArrayList<>(RELATIONS);
    more.add(relationRow("two", "y", "p", "2009-02-01"));
    append(daily, more.subList(RELATIONS.size(), more.size()));
    List<StageReport> partial = new GraphJob(job(daily, settings)).run();
    // Only site "two" was written: its 6 users, and its layers all, friend, imported_contact.
    assertThat(partial)
        .extracting(r -> r.dataset() + "=" + r.rowsLoaded())
        .containsExactly(
            "graph_summary=3", "org_density=0", "user_graph_metrics=6", "cohort_graph_growth=2");
    assertEqualToABuildFromScratch(daily, more, settings, "from-scratch");
    // A relation made in site "grow"'s last month (June): its earlier months' snapshots are kept
    // and June's comes from the components (SnapshotReuse). Then a late one, made in March: the
    // months before March are kept and the Pregel runs from March on.
    addAndRebuild(
        daily, more, relationRow("grow", "c", "e", "2009-06-20"), settings, "from-scratch-june");
    addAndRebuild(
        daily, more, relationRow("grow", "a", "d", "2009-03-01"), settings, "from-scratch-march");
    assertThat(growComponents(daily))
        // Jan {a,b}; Feb + {c,d}; Mar b-c and a-d join them; Apr e alone; Jun d-e, c-e.
        .containsExactly("[1,2]", "[2,2]", "[1,4]", "[2,4]", "[2,4]", "[1,5]");
    // A relation in August, after a month (July) without any node or edge: July's row is computed
    // too, by the Pregel from July. Then one made in July while August is the last month (a
    // scrape carrying the previous evening into a new month): the Pregel from July again, the
    // months before it kept.
    addAndRebuild(
        daily, more, relationRow("grow", "e", "f", "2009-08-10"), settings, "from-scratch-august");
    addAndRebuild(
        daily, more, relationRow("grow", "g", "h", "2009-07-20"), settings, "from-scratch-july");
    assertThat(growComponents(daily))
        // Jul + {g, h}; Aug e-f.
        .containsExactly("[1,2]", "[2,2]", "[1,4]", "[2,4]", "[2,4]", "[1,5]", "[2,5]", "[2,6]");
    // The same rows again with a later scrape date: a new silver version, no change to any site.
    String relationsPath = new Warehouse(daily.toString()).silver(Datasets.SNS_RELATIONS);
    spark()
        .read()
        .format("delta")
        .load(relationsPath)
        .withColumn("scrape_date", org.apache.spark.sql.functions.lit(LocalDate.of(2012, 3, 1)))
        .localCheckpoint()
        .write()
        .format("delta")
        .mode("overwrite")
        .save(relationsPath);
    assertThat(new GraphJob(job(daily, settings)).run())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(StageReport.Status.SKIPPED);
              assertThat(r.message()).isEqualTo("unchanged: no site's users or relations changed");
            });
  }

  /**
   * Appends {@code relation} to the silver relations of {@code daily} (and to {@code relations}),
   * rebuilds there, and checks the result against a build from scratch named {@code name}.
   */
  private static void addAndRebuild(
      Path daily, List<Row> relations, Row relation, Map<String, String> settings, String name) {
    relations.add(relation);
    append(daily, List.of(relation));
    new GraphJob(job(daily, settings)).run();
    assertEqualToABuildFromScratch(daily, relations, settings, name);
  }

  /** "[components,largest_component_nodes]" of site "grow" in {@code warehouse}, month by month. */
  private static List<String> growComponents(Path warehouse) {
    return sql(
            "SELECT components, largest_component_nodes FROM delta.`%s` WHERE site = 'grow'"
                + " ORDER BY month",
            new Warehouse(warehouse.toString()).gold(GoldTables.COHORT_GRAPH_GROWTH))
        .stream()
        .map(Row::toString)
        .toList();
  }

  /** A friend relation of {@code site}, made on {@code created} (at noon, Asia/Shanghai). */
  private static Row relationRow(String site, String src, String dst, String created) {
    return RowFactory.create(
        site,
        src,
        dst,
        "friend",
        Instant.parse(created + "T04:00:00Z"),
        LocalDate.of(2012, 2, 1),
        "fixture.csv",
        99L);
  }

  /** Appends {@code relations} to the silver relations of {@code warehouse}. */
  private static void append(Path warehouse, List<Row> relations) {
    spark()
        .createDataFrame(relations, relationSchema())
        .write()
        .format("delta")
        .mode("append")
        .save(new Warehouse(warehouse.toString()).silver(Datasets.SNS_RELATIONS));
  }

  /** Every graph table of {@code daily} equals a build from scratch over the same rows. */
  private static void assertEqualToABuildFromScratch(
      Path daily, List<Row> relations, Map<String, String> settings, String name) {
    Path fresh = tmp.resolve(name);
    writeSilver(fresh, USERS, relations);
    new GraphJob(job(fresh, settings)).run();
    Function<Object, String> twelveDigits =
        v -> v instanceof Double d ? String.format("%.11e", d) : String.valueOf(v);
    for (String table : GoldTables.GRAPH) {
      assertThat(
              goldRows(
                  new Warehouse(daily.toString()), table, "*", "true", "1, 2, 3", twelveDigits))
          .as(name + ": " + table)
          .isEqualTo(
              goldRows(
                  new Warehouse(fresh.toString()), table, "*", "true", "1, 2, 3", twelveDigits))
          .isNotEmpty();
    }
  }

  private static org.apache.spark.sql.types.StructType relationSchema() {
    return contracts().silver(Datasets.SNS_RELATIONS).sparkSchema();
  }

  static JobContext job(Path warehouse, Map<String, String> settings) {
    PipelineConf conf = conf(warehouse.getParent(), warehouse, "2024-01-01", settings);
    return new JobContext(spark(), conf, contracts(), "graph-test");
  }

  private static void user(String site, String key, String registered, String org) {
    String segment = org == null ? "other" : org.startsWith("School") ? "campus" : "white_collar";
    USERS.add(
        RowFactory.create(
            site,
            key,
            Instant.parse(registered + "T04:00:00Z"),
            LocalDate.parse(registered).withDayOfMonth(1),
            segment,
            org,
            "organic",
            null,
            LocalDate.of(2012, 1, 5),
            "fixture.csv",
            2L));
  }

  private static void relation(String site, String src, String dst, String type, String created) {
    RELATIONS.add(
        RowFactory.create(
            site,
            src,
            dst,
            type,
            Instant.parse(created + "T04:00:00Z"),
            LocalDate.of(2012, 1, 5),
            "fixture.csv",
            (long) RELATIONS.size() + 2));
  }

  /** Writes the rows as the silver sns_users and sns_relations Delta tables. */
  static Warehouse writeSilver(Path root, List<Row> users, List<Row> relations) {
    Warehouse w = new Warehouse(root.toString());
    spark()
        .createDataFrame(users, contracts().silver(Datasets.SNS_USERS).sparkSchema())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(w.silver(Datasets.SNS_USERS));
    spark()
        .createDataFrame(relations, contracts().silver(Datasets.SNS_RELATIONS).sparkSchema())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(w.silver(Datasets.SNS_RELATIONS));
    return w;
  }

  private static Map<String, Object> summary(String site, String relation) {
    List<Row> rows =
        sql(
            "SELECT * FROM delta.`%s` WHERE site = '%s' AND relation = '%s'",
            warehouse.gold(GoldTables.GRAPH_SUMMARY), site, relation);
    assertThat(rows).as(site + "/" + relation).hasSize(1);
    Map<String, Object> m = new HashMap<>();
    for (String f : rows.get(0).schema().fieldNames()) {
      m.put(f, rows.get(0).getAs(f));
    }
    return m;
  }

  @Test
  void triangleMergesReciprocalAndRepeatedListingsAndDropsTheSelfLoop() {
    Map<String, Object> s = summary("tri", "all");
    assertThat(s)
        .containsEntry("nodes", 3L)
        .containsEntry("edges", 3L)
        .containsEntry("self_loops_dropped", 1L)
        .containsEntry("duplicate_listings_merged", 2L)
        .containsEntry("components", 1L)
        .containsEntry("largest_component_nodes", 3L)
        .containsEntry("triangles", 1L)
        .containsEntry("connected_triples", 3L)
        .containsEntry("degree_max", 2L);
    assertThat((double) s.get("density")).isEqualTo(1.0);
    assertThat((double) s.get("transitivity")).isEqualTo(1.0);
    assertThat((double) s.get("avg_clustering")).isEqualTo(1.0);
    assertThat((double) s.get("degree_p50")).isEqualTo(2.0);
    assertThat((double) s.get("dunbar_share")).isEqualTo(0.0);
    assertThat(summary("tri", "friend")).containsEntry("edges", 3L).containsEntry("triangles", 1L);
  }

  @Test
  void starHasNoTrianglesAndInterpolatedDegreePercentiles() {
    Map<String, Object> s = summary("star", "all");
    assertThat(s)
        .containsEntry("nodes", 5L)
        .containsEntry("edges", 4L)
        .containsEntry("triangles", 0L)
        .containsEntry("connected_triples", 6L)
        .containsEntry("degree_max", 4L)
        .containsEntry("dunbar_threshold", 4);
    assertThat((double) s.get("transitivity")).isEqualTo(0.0);
    assertThat((double) s.get("avg_clustering")).isEqualTo(0.0);
    assertThat((double) s.get("density")).isCloseTo(0.4, within(1e-12));
    assertThat((double) s.get("avg_degree")).isCloseTo(1.6, within(1e-12));
    // Sorted degrees 1 1 1 1 4: p90 at position 3.6 = 1 + 0.6 x 3, p99 at 3.96 = 1 + 0.96 x 3.
    assertThat((double) s.get("degree_p50")).isEqualTo(1.0);
    assertThat((double) s.get("degree_p90")).isCloseTo(2.8, within(1e-9));
    assertThat((double) s.get("degree_p99")).isCloseTo(3.88, within(1e-9));
    assertThat((double) s.get("dunbar_share")).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void starPageRankMatchesTheClosedForm() {
    // GraphX form: c = 0.15 + 0.85 x 4 l, l = 0.15 + 0.85 c / 4, so c = 0.66 / 0.2775 and the ranks
    // sum to 5.
    double centre = 0.66 / 0.2775;
    double leaf = 0.15 + 0.85 * centre / 4;
    Map<String, Double> rank = new HashMap<>();
    sql(
            "SELECT user_key, pagerank FROM delta.`%s` WHERE site = 'star'",
            warehouse.gold(GoldTables.USER_GRAPH_METRICS))
        .forEach(r -> rank.put(r.getString(0), r.getDouble(1)));
    assertThat(rank.get("s")).isCloseTo(centre / 5, within(1e-5));
    assertThat(rank.get("l3")).isCloseTo(leaf / 5, within(1e-5));
    assertThat(rank.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, within(1e-9));
  }

  @Test
  void twoComponentsAndAnIsolatedUser() {
    Map<String, Object> s = summary("two", "all");
    assertThat(s)
        .containsEntry("nodes", 6L)
        .containsEntry("edges", 3L)
        .containsEntry("components", 3L)
        .containsEntry("largest_component_nodes", 3L)
        .containsEntry("triangles", 0L)
        .containsEntry("connected_triples", 1L);
    assertThat((double) s.get("largest_component_share")).isEqualTo(0.5);
    // Relation layers hold only users with an edge of that type.
    assertThat(summary("two", "imported_contact"))
        .containsEntry("nodes", 2L)
        .containsEntry("edges", 1L)
        .containsEntry("components", 1L);
    assertThat(
            rows(
                GoldTables.USER_GRAPH_METRICS,
                "user_key, degree, component_id, component_size, dunbar_band",
                "site = 'two'"))
        .containsExactly(
            "i|0|i|1|<2", "p|1|p|2|<2", "q|1|p|2|<2", "x|1|x|3|<2", "y|2|x|3|2-3", "z|1|x|3|<2");
  }

  @Test
  void cliqueOfFiveAndItsRelationLayers() {
    Map<String, Object> s = summary("k5", "all");
    // u6 is registered but has no edge: 6 nodes, 10 edges, C(5,3) = 10 triangles, 5 x C(4,2) = 30
    // triples.
    assertThat(s)
        .containsEntry("nodes", 6L)
        .containsEntry("edges", 10L)
        .containsEntry("triangles", 10L)
        .containsEntry("connected_triples", 30L)
        .containsEntry("duplicate_listings_merged", 1L)
        .containsEntry("components", 2L);
    assertThat((double) s.get("transitivity")).isEqualTo(1.0);
    assertThat((double) s.get("avg_clustering")).isCloseTo(5.0 / 6, within(1e-12));
    assertThat((double) s.get("dunbar_share")).isCloseTo(5.0 / 6, within(1e-12));
    assertThat(summary("k5", "classmate"))
        .containsEntry("nodes", 3L)
        .containsEntry("edges", 3L)
        .containsEntry("triangles", 1L);
    // Friend edges: every pair but u1-u3 and u2-u3 (u1-u2 is also listed as friend): 8 edges and
    // the 10 - 5
    // triangles that avoid both missing pairs.
    Map<String, Object> friends = summary("k5", "friend");
    assertThat(friends)
        .containsEntry("nodes", 5L)
        .containsEntry("edges", 8L)
        .containsEntry("triangles", 5L);
    assertThat(
            rows(
                GoldTables.USER_GRAPH_METRICS,
                "user_key, degree, triangles, local_clustering, dunbar_band",
                "site = 'k5' AND user_key IN ('u1', 'u6')"))
        .containsExactly("u1|4|6|1.0|>=4", "u6|0|0|0.0|<2");
  }

  @Test
  void orgDensityCountsMembersWithoutEdges() {
    // School A: 6 members, 10 inside edges of 15 pairs, every edge end inside, 20 ends / 6 members.
    // Company B: s and l1: 1 inside edge, 2 of the 5 member edge ends inside.
    assertThat(
            rows(
                GoldTables.ORG_DENSITY,
                "site, org, segment, members, inside_edges, round(density, 6),"
                    + " inside_edge_share, round(avg_inside_degree, 6)",
                "true"))
        .containsExactly(
            "k5|School A|campus|6|10|0.666667|1.0|3.333333",
            "star|Company B|white_collar|2|1|1.0|0.4|1.0");
  }

  @Test
  void cohortGraphGrowthFollowsEachMonthlySnapshot() {
    assertThat(
            rows(
                GoldTables.COHORT_GRAPH_GROWTH,
                "month, new_nodes, nodes, new_edges, edges, avg_degree,"
                    + " components, largest_component_nodes, largest_component_share",
                "site = 'grow'"))
        .containsExactly(
            "2009-01-01|2|2|1|1|1.0|1|2|1.0",
            "2009-02-01|2|4|1|2|1.0|2|2|0.5",
            "2009-03-01|0|4|1|3|1.5|1|4|1.0",
            "2009-04-01|1|5|0|3|1.2|2|4|0.8",
            "2009-05-01|0|5|0|3|1.2|2|4|0.8",
            "2009-06-01|0|5|1|4|1.6|1|5|1.0");
  }

  @Test
  void everyTableHasTheContractSchemaAndIsAudited() {
    assertThat(reports)
        .extracting(StageReport::dataset)
        .containsExactlyElementsOf(GoldTables.GRAPH);
    for (String table : GoldTables.GRAPH) {
      assertThat(spark().read().format("delta").load(warehouse.gold(table)).schema())
          .as(table)
          .isEqualTo(contracts().gold(table).sparkSchema());
    }
    // 5 sites x layer all + tri/friend, star/colleague, two/friend, two/imported_contact,
    // k5/classmate, k5/friend,
    // grow/friend.
    assertThat(reports.get(0).rowsLoaded()).isEqualTo(12L);
  }

  /**
   * Nothing the job cached outlives it: its Datasets and the graphs GraphX and Pregel persisted.
   */
  @Test
  void releasesEveryCacheItMade() {
    assertThat(spark().sharedState().cacheManager().isEmpty()).isTrue();
    assertThat(
            JavaSparkContext.fromSparkContext(spark().sparkContext()).getPersistentRDDs().values())
        .extracting(rdd -> String.valueOf(rdd.name()))
        .noneMatch(name -> name.contains("VertexRDD") || name.contains("EdgeRDD"));
  }

  /**
   * Month-by-month components of random growing graphs against a union-find replay in plain Java.
   */
  @Test
  void temporalComponentsMatchAUnionFindReplay() {
    Random rnd = new Random(7);
    int n = 60;
    int months = 12;
    List<Row> users = new ArrayList<>();
    List<Row> relations = new ArrayList<>();
    int[] birth = new int[n];
    for (int v = 0; v < n; v++) {
      birth[v] = rnd.nextInt(months);
      users.add(
          RowFactory.create(
              "r",
              String.format("k%03d", v),
              Instant.parse(String.format("2010-%02d-10T04:00:00Z", birth[v] + 1)),
              LocalDate.of(2010, birth[v] + 1, 1),
              "other",
              null,
              "organic",
              null,
              LocalDate.of(2012, 1, 5),
              "f.csv",
              2L));
    }
    List<int[]> edges = new ArrayList<>();
    for (int k = 0; k < 45; k++) {
      int a = rnd.nextInt(n);
      int b = rnd.nextInt(n);
      if (a != b) {
        int m = Math.max(birth[a], birth[b]) + rnd.nextInt(3);
        if (m < months) {
          edges.add(new int[] {a, b, m});
          relations.add(
              RowFactory.create(
                  "r",
                  String.format("k%03d", a),
                  String.format("k%03d", b),
                  "friend",
                  Instant.parse(String.format("2010-%02d-12T04:00:00Z", m + 1)),
                  LocalDate.of(2012, 1, 5),
                  "f.csv",
                  (long) k + 2));
        }
      }
    }
    Path root = tmp.resolve("random");
    Warehouse w = writeSilver(root, users, relations);
    new GraphJob(job(root, Map.of())).run();
    List<String> expected = new ArrayList<>();
    int[] parent = new int[n];
    for (int m = 0; m < months; m++) {
      for (int v = 0; v < n; v++) {
        parent[v] = v;
      }
      for (int[] e : edges) {
        if (e[2] <= m) {
          parent[find(parent, e[0])] = find(parent, e[1]);
        }
      }
      Map<Integer, Integer> sizes = new HashMap<>();
      for (int v = 0; v < n; v++) {
        if (birth[v] <= m) {
          sizes.merge(find(parent, v), 1, Integer::sum);
        }
      }
      if (!sizes.isEmpty()) {
        expected.add(
            String.format(
                "2010-%02d-01|%d|%d|%d",
                m + 1,
                sizes.values().stream().mapToInt(i -> i).sum(),
                sizes.size(),
                sizes.values().stream().mapToInt(i -> i).max().getAsInt()));
      }
    }
    List<String> actual =
        sql(
                "SELECT month, nodes, components, largest_component_nodes FROM delta.`%s`"
                    + " ORDER BY month",
                w.gold(GoldTables.COHORT_GRAPH_GROWTH))
            .stream()
            .map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3))
            .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private static int find(int[] parent, int v) {
    while (parent[v] != v) {
      v = parent[v];
    }
    return v;
  }

  private static List<String> rows(String table, String columns, String where) {
    return goldRows(warehouse, table, columns, where, "1, 2", AS_PRINTED);
  }
}

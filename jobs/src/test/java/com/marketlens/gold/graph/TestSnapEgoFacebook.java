package com.marketlens.gold.graph;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.SparkTestBase;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SNAP's ego-Facebook graph (a copy in data/reference/snap-ego-facebook) through the same path as
 * pipeline data: written as the silver sns_users and sns_relations tables, then the graph job. The
 * expected values are the dataset's published statistics (its README), not values this code
 * produced.
 */
@Tag("slow")
class TestSnapEgoFacebook extends SparkTestBase {

  @TempDir static Path tmp;

  @Test
  void matchesThePublishedStatistics() throws Exception {
    Path file = home().resolve("data/reference/snap-ego-facebook/facebook_combined.txt.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())))
          .as("the copy is SNAP's file")
          .isEqualTo("bffea2c0b8168875a6f57188a8e1dc136cdb4e5277d126da4212feec8a9e3c71");
    }
    StructType pairs =
        new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);
    Dataset<Row> edges = spark().read().schema(pairs).option("sep", " ").csv(file.toString());
    Column scrape = lit(LocalDate.of(2012, 1, 5));
    Column made = lit(Timestamp.valueOf("2010-06-01 12:00:00"));
    Dataset<Row> relations =
        edges.select(
            lit("facebook").as("site"),
            concat(lit("fb"), col("a")).as("src_user_key"),
            concat(lit("fb"), col("b")).as("dst_user_key"),
            lit("friend").as("relation"),
            made.as("created_at"),
            scrape.as("scrape_date"),
            lit("facebook_combined.txt").as("source_file"),
            lit(1L).as("source_line"));
    Dataset<Row> users =
        edges
            .select(col("a").as("id"))
            .union(edges.select(col("b")))
            .distinct()
            .select(
                lit("facebook").as("site"),
                concat(lit("fb"), col("id")).as("user_key"),
                made.as("registered_at"),
                lit(LocalDate.of(2010, 6, 1)).as("registered_month"),
                lit("other").as("segment"),
                lit(null).cast("string").as("org"),
                lit("organic").as("channel"),
                lit(null).cast("string").as("city"),
                scrape.as("scrape_date"),
                lit("facebook_combined.txt").as("source_file"),
                lit(1L).as("source_line"));
    Warehouse warehouse = new Warehouse(tmp.resolve("warehouse").toString());
    users.write().format("delta").save(warehouse.silver(Datasets.SNS_USERS));
    relations.write().format("delta").save(warehouse.silver(Datasets.SNS_RELATIONS));
    Files.createDirectories(tmp.resolve("input"));

    long start = System.nanoTime();
    new GraphJob(TestGraphMetrics.job(tmp.resolve("warehouse"), Map.of())).run();
    System.out.printf("ego-Facebook graph job: %.1f s%n", (System.nanoTime() - start) / 1e9);

    Row s =
        sql(
                "SELECT nodes, edges, components, largest_component_nodes, triangles, avg_clustering, transitivity"
                    + " FROM delta.`%s` WHERE relation = 'all'",
                warehouse.gold(GoldTables.GRAPH_SUMMARY))
            .get(0);
    assertThat(s.getLong(0)).as("nodes").isEqualTo(4039L);
    assertThat(s.getLong(1)).as("edges").isEqualTo(88234L);
    assertThat(s.getLong(2)).as("components").isEqualTo(1L);
    assertThat(s.getLong(3)).as("largest component").isEqualTo(4039L);
    assertThat(s.getLong(4)).as("triangles").isEqualTo(1612010L);
    assertThat(String.format("%.4f", s.getDouble(5))).as("average clustering").isEqualTo("0.6055");
    assertThat(String.format("%.4f", s.getDouble(6))).as("transitivity").isEqualTo("0.5192");
    assertThat(
            sql(
                    "SELECT sum(pagerank), count(*) FROM delta.`%s`",
                    warehouse.gold(GoldTables.USER_GRAPH_METRICS))
                .get(0)
                .getDouble(0))
        .isCloseTo(1.0, Assertions.within(1e-9));
  }
}

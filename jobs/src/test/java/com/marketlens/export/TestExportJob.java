package com.marketlens.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.error.MarketLensException;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.schema.GoldTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging, swap, manifest, byte-identical reruns and failed runs that leave the previous export
 * alone.
 */
class TestExportJob extends SparkTestBase {

  @TempDir static Path tmp;

  private static final List<String> TABLES =
      List.of(GoldTables.GROWTH_ACCOUNTING, GoldTables.USER_GRAPH_METRICS);
  private static Warehouse warehouse;
  private static Path exports;

  @BeforeAll
  static void gold() {
    warehouse = new Warehouse(tmp.resolve("warehouse").toString());
    exports = tmp.resolve("exports");
    write(
        GoldTables.GROWTH_ACCOUNTING,
        List.of(
            RowFactory.create("s", LocalDate.of(2009, 2, 1), 2L, 0L, 2L, 0L, 1L, 3L, 0.0, -1.0 / 3),
            RowFactory.create("s", LocalDate.of(2009, 1, 1), 3L, 3L, 0L, 0L, 0L, 0L, null, null)));
    write(
        GoldTables.USER_GRAPH_METRICS,
        List.of(
            RowFactory.create("renren", "k2", 1L, 0L, 0.0, "k1", 2L, 0.5, "<50"),
            RowFactory.create("kaixin001", "k9", 0L, 0L, 0.0, "k9", 1L, 1.0, "<50"),
            RowFactory.create("renren", "k1", 1L, 0L, 0.0, "k1", 2L, 0.5, "<50")));
  }

  private static void write(String table, List<Row> rows) {
    spark()
        .createDataFrame(rows, contracts().gold(table).sparkSchema())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.gold(table));
  }

  private static List<?> export() {
    PipelineConf conf =
        conf(
            tmp,
            tmp.resolve("warehouse"),
            "2024-01-01",
            Map.of("marketlens.exports", exports.toString()));
    return new ExportJob(new JobContext(spark(), conf, contracts(), "export-" + System.nanoTime()))
        .run(TABLES);
  }

  /**
   * Relative path of every data file and marker -> SHA-256 of its bytes (checksum files left out).
   */
  private static Map<String, String> files() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(exports)) {
      for (Path p :
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".crc"))
              .toList()) {
        String name =
            exports.relativize(p).toString().replaceAll("part-[0-9a-f-]+(\\.c000)?", "part");
        out.put(
            name, p.getFileName().toString().equals(ExportJob.MANIFEST) ? "manifest" : sha256(p));
      }
    }
    return out;
  }

  private static String sha256(Path p) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exportsAreStagedSwappedAndIdenticalOnRerunAndAFailureKeepsThePreviousOne() throws Exception {
    export();
    Map<String, String> first = files();
    // Partitioned by site, one sorted file per partition; the small table is one file.
    assertThat(first.keySet())
        .containsExactly(
            "_SUCCESS",
            "_manifest.json",
            "growth_accounting/_SUCCESS",
            "growth_accounting/part.snappy.parquet",
            "user_graph_metrics/_SUCCESS",
            "user_graph_metrics/site=kaixin001/part.snappy.parquet",
            "user_graph_metrics/site=renren/part.snappy.parquet");
    assertThat(Files.readString(exports.resolve(ExportJob.MANIFEST)))
        .contains("\"run_date\" : \"2024-01-01\"")
        .contains("\"table\" : \"user_graph_metrics\"")
        .contains("\"rows\" : 3")
        .contains("\"partition_by\" : [ \"site\" ]")
        .contains("\"schema_version\" : 1");
    try (DuckDb duck = new DuckDb()) {
      assertThat(
              duck.query(
                  "SELECT month, mau FROM read_parquet('"
                      + exports
                      + "/growth_accounting/*.parquet')"))
          .as("sorted by the key")
          .containsExactly(List.of("2009-01-01", "3"), List.of("2009-02-01", "2"));
    }

    export();
    assertThat(files()).as("a rerun writes the same bytes").isEqualTo(first);
    String manifest = Files.readString(exports.resolve(ExportJob.MANIFEST));

    // Break one gold table: the run fails before the swap and the previous export stays as it was.
    try (Stream<Path> log =
        Files.list(Path.of(warehouse.gold(GoldTables.USER_GRAPH_METRICS), "_delta_log"))) {
      for (Path p : log.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.writeString(p, "not json");
      }
    }
    assertThatThrownBy(TestExportJob::export)
        .hasMessageContaining("Encountered error while reading file")
        .hasMessageContaining("gold/user_graph_metrics/_delta_log/");
    assertThat(files()).isEqualTo(first);
    assertThat(Files.readString(exports.resolve(ExportJob.MANIFEST))).isEqualTo(manifest);
    assertThat(exports.resolve("_staging")).doesNotExist();
  }

  @Test
  void aMissingGoldTableFailsBeforeAnythingIsWritten() {
    PipelineConf conf =
        conf(
            tmp,
            tmp.resolve("nowhere"),
            "2024-01-01",
            Map.of("marketlens.exports", tmp.resolve("other-exports").toString()));
    assertThatThrownBy(
            () -> new ExportJob(new JobContext(spark(), conf, contracts(), "x")).run(TABLES))
        .isInstanceOf(MarketLensException.class)
        .hasMessageContaining("gold/growth_accounting")
        .hasMessageContaining("exports are written from the gold tables");
    assertThat(tmp.resolve("other-exports")).doesNotExist();
  }
}

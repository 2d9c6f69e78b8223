package com.marketlens.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run rebuilds a gold job only when its silver inputs, settings or contracts changed, and
 * rewrites only the exports whose gold table changed: the same warehouse run five times (again with
 * nothing new, with new exchange rates, with another graph setting, with --full-refresh).
 */
class TestRebuildOnlyWhatChanged extends SparkTestBase {

  @TempDir static Path tmp;

  private static Path input;
  private static Warehouse warehouse;
  private static Path exports;

  /** Per run: the gold and export reports by table, and the export files' bytes by path. */
  private static final Map<String, Map<String, StageReport>> gold = new HashMap<>();

  private static final Map<String, Map<String, StageReport>> export = new HashMap<>();
  private static final Map<String, Map<String, String>> files = new HashMap<>();
  private static final Map<String, Map<String, String>> goldVersions = new HashMap<>();
  private static final Map<String, String> manifestRunIds = new HashMap<>();

  @BeforeAll
  static void runFiveTimes() throws IOException {
    input = tmp.resolve("input");
    warehouse = new Warehouse(tmp.resolve("warehouse").toString());
    exports = tmp.resolve("exports");
    Fixtures.writeMessyInput(input);
    run("first", "2023-12-31", Map.of());
    // A later run date in the same month: nothing new.
    run("again", "2023-12-15", Map.of());
    Fixtures.write(
        input,
        "fx_rates",
        "2023-06-01_new.csv",
        "date,currency,cny_per_unit",
        "2020-09-01,USD,6.7");
    // New rates, and a run date in a new month (the growth job's open period has moved on).
    run("new-rates", "2024-01-02", Map.of());
    run("dunbar-100", "2024-01-02", Map.of("marketlens.graph.dunbar-threshold", "100"));
    run("full-refresh", "2024-01-02", Map.of("marketlens.full-refresh", "true"));
  }

  private static void run(String name, String runDate, Map<String, String> settings)
      throws IOException {
    Map<String, String> all = new HashMap<>(settings);
    all.put("marketlens.quality.max-quarantine-share", "1");
    all.put("marketlens.growth.bootstrap-samples", "20");
    all.put("marketlens.exports", exports.toString());
    PipelineConf conf = conf(input, Path.of(warehouse.root()), runDate, all);
    Map<String, StageReport> g = new TreeMap<>();
    Map<String, StageReport> e = new TreeMap<>();
    for (StageReport r :
        Pipeline.run(new JobContext(spark(), conf, contracts(), name), Datasets.ALL)) {
      if (r.stage().equals("gold")) {
        g.put(r.dataset(), r);
      } else if (r.stage().equals("export")) {
        e.put(r.dataset(), r);
      }
    }
    gold.put(name, g);
    export.put(name, e);
    Map<String, String> bytes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(exports)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String relative = exports.relativize(p).toString();
        if (relative.endsWith(".parquet")) {
          bytes.put(relative, Long.toString(Files.size(p)) + ":" + Files.getLastModifiedTime(p));
        }
      }
    }
    files.put(name, bytes);
    Map<String, String> versions = new TreeMap<>();
    GoldTables.ALL.forEach(t -> versions.put(t, DeltaTables.identity(spark(), warehouse.gold(t))));
    goldVersions.put(name, versions);
    JsonNode manifest = new ObjectMapper().readTree(exports.resolve("_manifest.json").toFile());
    manifestRunIds.put(name, manifest.path("run_id").asText());
  }

  /** The tables of {@code reports} rebuilt (or rewritten) by the run, not kept unchanged. */
  private static List<String> rebuilt(Map<String, StageReport> reports) {
    return reports.values().stream()
        .filter(r -> r.status() == StageReport.Status.SUCCEEDED)
        .map(StageReport::dataset)
        .sorted()
        .toList();
  }

  private static List<String> sorted(List<String> tables) {
    return tables.stream().sorted().toList();
  }

  @Test
  void theFirstRunBuildsAndExportsEveryTable() {
    assertThat(rebuilt(gold.get("first"))).isEqualTo(sorted(GoldTables.ALL));
    assertThat(rebuilt(export.get("first"))).isEqualTo(sorted(GoldTables.ALL));
  }

  @Test
  void aRunWithNothingNewKeepsEveryGoldTableAndExport() {
    assertThat(gold.get("again")).hasSize(GoldTables.ALL.size());
    assertThat(gold.get("again").values())
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(StageReport.Status.SKIPPED);
              assertThat(r.message())
                  .isEqualTo(
                      "unchanged: its silver inputs, settings and contract are as when run first"
                          + " built it");
            });
    assertThat(rebuilt(export.get("again"))).isEmpty();
    assertThat(export.get("again")).hasSize(GoldTables.ALL.size());
    assertThat(goldVersions.get("again")).isEqualTo(goldVersions.get("first"));
    assertThat(files.get("again")).as("no export file rewritten").isEqualTo(files.get("first"));
    assertThat(manifestRunIds.get("again"))
        .as("the manifest says which run checked")
        .isEqualTo("again");
  }

  @Test
  void newExchangeRatesAndANewMonthRebuildThePriceWarAndGrowthTablesAlone() {
    // The rates feed the price-war tables; the new month closes December 2023 in
    // cohort_retention.period_complete. The graph tables stay.
    List<String> expected = new ArrayList<>(GoldTables.PRICE_WAR);
    expected.addAll(GoldTables.GROWTH);
    assertThat(rebuilt(gold.get("new-rates"))).isEqualTo(sorted(expected));
    for (String table : GoldTables.GRAPH) {
      assertThat(goldVersions.get("new-rates").get(table))
          .isEqualTo(goldVersions.get("first").get(table));
    }
    // Exports follow the gold versions: a table rewritten with rows gets a new version and a new
    // export; one empty before and after (Delta commits nothing for it) keeps its export.
    List<String> newVersions =
        GoldTables.ALL.stream()
            .filter(
                t -> !goldVersions.get("new-rates").get(t).equals(goldVersions.get("again").get(t)))
            .sorted()
            .toList();
    assertThat(newVersions)
        .contains(GoldTables.PRICE_INDEX_MONTHLY, GoldTables.COHORT_RETENTION)
        .isSubsetOf(expected);
    assertThat(rebuilt(export.get("new-rates"))).isEqualTo(newVersions);
  }

  @Test
  void aChangedSettingRebuildsTheJobThatReadsIt() {
    assertThat(rebuilt(gold.get("dunbar-100"))).isEqualTo(sorted(GoldTables.GRAPH));
    assertThat(gold.get("dunbar-100").get(GoldTables.GROWTH_CEILINGS).message())
        .isEqualTo(
            "unchanged: its silver inputs, settings and contract are as when run new-rates built"
                + " it");
  }

  @Test
  void aFullRefreshRebuildsAndExportsEverything() {
    assertThat(rebuilt(gold.get("full-refresh"))).isEqualTo(sorted(GoldTables.ALL));
    assertThat(rebuilt(export.get("full-refresh"))).isEqualTo(sorted(GoldTables.ALL));
  }
}

package com.marketlens.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.io.Warehouse;
import com.marketlens.report.ReportInBrowser;
import com.marketlens.schema.GoldTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that hold only one market, and backfills that predate a dataset's first scrape: the run
 * succeeds, builds what its inputs allow, writes the other gold tables empty with their contract's
 * schema, and says why in the summary, the audit table, the export manifest and the report.
 */
class TestPartialInputs extends SparkTestBase {

  private static final List<String> PRICE_TABLES =
      List.of(
          GoldTables.PRICE_INDEX_MONTHLY,
          GoldTables.UNIT_ECONOMICS_MONTHLY,
          GoldTables.PRICE_WAR_PERIODS,
          GoldTables.VENDOR_SEGMENT_LOSS,
          GoldTables.VENDOR_EXITS,
          GoldTables.VENDOR_SURVIVAL);

  private static final List<String> SNS_TABLES =
      List.of(
          GoldTables.COHORT_RETENTION,
          GoldTables.GROWTH_ACCOUNTING,
          GoldTables.CHANNEL_GROWTH,
          GoldTables.GROWTH_MODEL_FITS,
          GoldTables.GROWTH_CEILINGS,
          GoldTables.GROWTH_CHANGEPOINTS,
          GoldTables.GRAPH_SUMMARY,
          GoldTables.ORG_DENSITY,
          GoldTables.USER_GRAPH_METRICS,
          GoldTables.COHORT_GRAPH_GROWTH);

  @TempDir Path tmp;

  private static CliOutcome cli(String... args) {
    return CliOutcome.run(args);
  }

  private CliOutcome run(Path input, String runDate) {
    return cli(
        "run",
        "--input",
        input.toString(),
        "--warehouse",
        tmp.resolve("warehouse").toString(),
        "--exports",
        tmp.resolve("exports").toString(),
        "--run-date",
        runDate,
        // The messy fixture quarantines a large share of its few rows on purpose.
        "--set",
        "marketlens.quality.max-quarantine-share=1",
        // The ceiling intervals are not what this test is about: fewer bootstrap refits, for speed.
        "--set",
        "marketlens.growth.bootstrap-samples=20");
  }

  /** The messy fixture without the named dataset folders. */
  private Path inputWithout(String... datasets) throws IOException {
    Path input = tmp.resolve("input");
    Fixtures.writeMessyInput(input);
    for (String dataset : datasets) {
      try (Stream<Path> files = Files.walk(input.resolve(dataset))) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return input;
  }

  private long rows(String table) {
    return spark()
        .read()
        .format("delta")
        .load(new Warehouse(tmp.resolve("warehouse").toString()).gold(table))
        .count();
  }

  /** The latest gold audit row of each table: status and message. */
  private Map<String, String> goldAudit() {
    Map<String, String> latest = new TreeMap<>();
    for (Row r :
        sql(
            "SELECT dataset, max_by(concat(status, ': ', coalesce(message, '')), ended_at) FROM delta.`%s`"
                + " WHERE stage = 'gold' GROUP BY dataset",
            tmp.resolve("warehouse/audit/pipeline_runs"))) {
      latest.put(r.getString(0), r.getString(1));
    }
    return latest;
  }

  private JsonNode manifestEntry(String table) throws IOException {
    for (JsonNode t :
        new ObjectMapper()
            .readTree(tmp.resolve("exports/_manifest.json").toFile())
            .path("tables")) {
      if (t.path("table").asText().equals(table)) {
        return t;
      }
    }
    throw new AssertionError("no manifest entry for " + table);
  }

  @Test
  void anSnsOnlyInputBuildsTheSnsTablesAndWritesThePriceTablesEmpty() throws Exception {
    Path input = inputWithout("cloud_prices", "cloud_unit_costs", "cloud_financials", "fx_rates");
    CliOutcome o = run(input, "2024-01-01");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("no cloud_prices files in " + input)
        .contains("no cloud_prices files scraped on or before 2024-01-01 have been ingested");
    for (String table :
        List.of(
            GoldTables.COHORT_RETENTION,
            GoldTables.GROWTH_ACCOUNTING,
            GoldTables.CHANNEL_GROWTH,
            GoldTables.GRAPH_SUMMARY,
            GoldTables.USER_GRAPH_METRICS)) {
      assertThat(rows(table)).as(table).isPositive();
    }
    Map<String, String> audit = goldAudit();
    for (String table : PRICE_TABLES) {
      assertThat(rows(table)).as(table).isZero();
      // Written empty with the contract's columns, so BI views over it keep working.
      assertThat(
              spark()
                  .read()
                  .format("delta")
                  .load(tmp.resolve("warehouse/gold/" + table).toString())
                  .columns())
          .containsExactlyElementsOf(contracts().gold(table).columnNames());
      String dataset =
          table.equals(GoldTables.VENDOR_SEGMENT_LOSS) ? "cloud_financials" : "cloud_prices";
      String why = "no " + dataset + " files scraped on or before 2024-01-01 have been ingested";
      assertThat(audit.get(table)).isEqualTo("skipped: " + why);
      assertThat(manifestEntry(table).path("rows").asLong()).isZero();
      assertThat(manifestEntry(table).path("empty_reason").asText()).isEqualTo(why);
      // One empty Parquet file with the schema: a BI tool reads zero rows, not "no files found".
      Row exported =
          sql("SELECT count(*) FROM parquet.`%s`", tmp.resolve("exports/" + table)).get(0);
      assertThat(exported.getLong(0)).isZero();
    }
    assertThat(manifestEntry(GoldTables.COHORT_RETENTION).has("empty_reason")).isFalse();

    CliOutcome report =
        cli(
            "report",
            "--warehouse",
            tmp.resolve("warehouse").toString(),
            "--out",
            tmp.resolve("report").toString(),
            "--format",
            "html,png");
    assertThat(report.exitCode()).as(report.err()).isZero();
    String html = Files.readString(tmp.resolve("report/report-png.html"));
    assertThat(html)
        .contains("Tables without rows")
        .contains(
            "<code>unit_economics_monthly</code>: no cloud_prices files scraped on or before 2024-01-01")
        .contains("Cohort retention, kaixin001");
    // The interactive page lists the same reason and draws the SNS charts alone, without errors.
    Path page = tmp.resolve("report/report.html");
    assertThat(Files.readString(page))
        .contains(
            "\"unit_economics_monthly\":\"no cloud_prices files scraped on or before 2024-01-01");
    assertThat(ReportInBrowser.check(page, tmp.resolve("screenshots")))
        .contains("retention", "accounting", "series")
        .doesNotContain("price", "loss");
  }

  @Test
  void aCloudOnlyInputBuildsThePriceTablesAndWritesTheSnsTablesEmpty() throws IOException {
    Path input = inputWithout("sns_users", "sns_activity", "sns_relations", "site_traffic");
    CliOutcome o = run(input, "2024-01-01");
    assertThat(o.exitCode()).as(o.err()).isZero();
    assertThat(o.out()).contains("no sns_users files in " + input);
    for (String table :
        List.of(
            GoldTables.PRICE_INDEX_MONTHLY,
            GoldTables.UNIT_ECONOMICS_MONTHLY,
            GoldTables.VENDOR_SEGMENT_LOSS)) {
      assertThat(rows(table)).as(table).isPositive();
    }
    Map<String, String> audit = goldAudit();
    for (String table : SNS_TABLES) {
      assertThat(rows(table)).as(table).isZero();
      assertThat(audit.get(table))
          .isEqualTo(
              "skipped: no sns_users files scraped on or before 2024-01-01 have been ingested");
    }
  }

  @Test
  void aBackfillBeforeTheFirstCloudScrapeSucceedsAndSaysWhatIsTrue() throws IOException {
    Path input = inputWithout();
    CliOutcome o = run(input, "2012-01-31");
    assertThat(o.exitCode()).as(o.err()).isZero();
    // The cloud files are scraped on 2023-01-15, after the run date.
    assertThat(o.out())
        .contains(
            "no cloud_prices files in "
                + input
                + " scraped on or before 2012-01-31 (1 later file(s) wait for a"
                + " later run)")
        .doesNotContain("run ingest first");
    assertThat(rows(GoldTables.COHORT_RETENTION)).isPositive();
    assertThat(rows(GoldTables.UNIT_ECONOMICS_MONTHLY)).isZero();

    // The next day's run finds the cloud files due and fills the price tables.
    CliOutcome later = run(input, "2024-01-01");
    assertThat(later.exitCode()).as(later.err()).isZero();
    assertThat(rows(GoldTables.UNIT_ECONOMICS_MONTHLY)).isPositive();
    assertThat(goldAudit().get(GoldTables.UNIT_ECONOMICS_MONTHLY)).isEqualTo("succeeded: ");
  }

  @Test
  void aGoldJobWhoseInputIsBrokenStillFails() throws IOException {
    Path input = inputWithout("cloud_prices", "cloud_unit_costs", "cloud_financials", "fx_rates");
    assertThat(run(input, "2024-01-01").exitCode()).isZero();
    // Silver relations exist but their data files are gone: not "no input", a failure (exit 1).
    // Unchanged versions would skip the job, so the rebuild is forced, as a repair would be.
    try (Stream<Path> files = Files.list(tmp.resolve("warehouse/silver/sns_relations"))) {
      files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .forEach(p -> p.toFile().delete());
    }
    CliOutcome o =
        cli(
            "gold",
            "--job",
            "graph",
            "--full-refresh",
            "--warehouse",
            tmp.resolve("warehouse").toString());
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.err()).contains("marketlens: ");
  }
}

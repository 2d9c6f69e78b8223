package com.marketlens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketlens.config.PipelineConf;
import com.marketlens.export.DuckDb;
import com.marketlens.export.ExportJob;
import com.marketlens.gold.graph.GraphJob;
import com.marketlens.gold.growth.GrowthJob;
import com.marketlens.gold.pricewar.PriceWarJob;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.QuarantineReason;
import com.marketlens.quality.StageReport;
import com.marketlens.refine.RefineJob;
import com.marketlens.report.ReportInBrowser;
import com.marketlens.report.ReportJob;
import com.marketlens.schema.BiDocs;
import com.marketlens.schema.ColumnSpec;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Contracts;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.ExportSpec;
import com.marketlens.schema.GoldTables;
import java.awt.image.BufferedImage;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped sample through ingest and refine: it reconciles, shows every kind of mess, tells the
 * story.
 */
@Tag("sample")
class TestSampleRun extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;
  private static List<StageReport> reports;

  @BeforeAll
  static void run() {
    PipelineConf conf =
        conf(
            home().resolve("data/sample"),
            tmp.resolve("warehouse"),
            "2024-01-01",
            Map.of("marketlens.exports", tmp.resolve("exports").toString()));
    warehouse = new Warehouse(conf.warehouse());
    Contracts contracts = contracts();
    reports =
        new ArrayList<>(
            new IngestJob(new JobContext(spark(), conf, contracts, "sample")).run(Datasets.ALL));
    reports.addAll(
        new RefineJob(new JobContext(spark(), conf, contracts, "sample")).run(Datasets.ALL));
    reports.addAll(new GrowthJob(new JobContext(spark(), conf, contracts, "sample")).run());
    reports.addAll(new GraphJob(new JobContext(spark(), conf, contracts, "sample")).run());
    reports.addAll(new PriceWarJob(new JobContext(spark(), conf, contracts, "sample")).run());
    reports.addAll(
        new ExportJob(new JobContext(spark(), conf, contracts, "sample")).run(GoldTables.ALL));
  }

  @Test
  void everyDatasetReconcilesAndStaysUnderTheQuarantineLimit() {
    assertThat(reports).hasSize(2 * Datasets.ALL.size() + 2 * GoldTables.ALL.size());
    for (StageReport r : reports) {
      assertThat(r.reconciles()).as(r.logLine()).isTrue();
      assertThat(r.status()).as(r.logLine()).isEqualTo(StageReport.Status.SUCCEEDED);
      assertThat(r.rowsRead()).as(r.logLine()).isPositive();
      assertThat((double) r.rowsQuarantined())
          .as(r.logLine())
          .isLessThanOrEqualTo(0.25 * r.rowsRead());
    }
    List<Object> audited =
        sql(
                "SELECT count(*) FROM delta.`%s` WHERE rows_read = rows_loaded + rows_quarantined"
                    + " + duplicates_dropped AND status = 'succeeded'",
                warehouse.pipelineRuns())
            .stream()
            .map(r -> r.get(0))
            .toList();
    assertThat(audited).containsExactly((long) reports.size());
  }

  @Test
  void deltaKeepsStatisticsOnlyWhereQueriesCanSkipFiles() {
    // Silver: the key and the date/time columns; bronze and gold: row counts only.
    Row silver = sql("DESCRIBE DETAIL delta.`%s`", warehouse.silver("sns_relations")).get(0);
    assertThat(silver.<String, String>getJavaMap(silver.fieldIndex("properties")))
        .containsEntry(
            "delta.dataSkippingStatsColumns",
            "site,src_user_key,dst_user_key,relation,created_at,scrape_date");
    for (String table :
        List.of(warehouse.bronze("sns_relations"), warehouse.gold(GoldTables.GRAPH_SUMMARY))) {
      Row detail = sql("DESCRIBE DETAIL delta.`%s`", table).get(0);
      assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
          .as(table)
          .containsEntry("delta.dataSkippingNumIndexedCols", "0");
    }
    // The statistics Delta wrote for each silver file name exactly those columns.
    List<Row> stats =
        spark()
            .read()
            .json(warehouse.silver("sns_relations") + "/_delta_log/*.json")
            .where("add IS NOT NULL")
            .selectExpr("add.stats")
            .collectAsList();
    assertThat(stats)
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.getString(0))
                    .contains("\"created_at\"", "\"numRecords\"")
                    .doesNotContain("source_file"));
    // A date filter on silver still reads the right rows (the statistics only let it skip files).
    assertThat(
            sql(
                    "SELECT count(*) FROM delta.`%s` WHERE created_at < TIMESTAMP'2009-01-01 00:00:00'",
                    warehouse.silver("sns_relations"))
                .get(0)
                .getLong(0))
        .isEqualTo(
            spark()
                .read()
                .format("delta")
                .load(warehouse.silver("sns_relations"))
                .collectAsList()
                .stream()
                .filter(
                    r ->
                        r.<Instant>getAs("created_at")
                            .isBefore(
                                LocalDateTime.of(2009, 1, 1, 0, 0)
                                    .atZone(ZoneId.of("Asia/Shanghai"))
                                    .toInstant()))
                .count());
  }

  @Test
  void theSampleShowsEveryQuarantineReason() {
    List<String> seen =
        sql("SELECT DISTINCT reason FROM delta.`%s` ORDER BY reason", warehouse.quarantine())
            .stream()
            .map(r -> r.getString(0))
            .toList();
    assertThat(seen)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(QuarantineReason.values()).map(QuarantineReason::code).toList());
  }

  /**
   * A second engine reads every export: same rows, the documented types, the same sums and
   * extremes.
   */
  @Test
  void duckDbReadsEveryExportLikeSparkWroteIt() throws Exception {
    Contracts contracts = contracts();
    try (DuckDb duck = new DuckDb(home(), tmp.resolve("exports"))) {
      for (String table : GoldTables.ALL) {
        Contract c = contracts.gold(table);
        String gold = "delta.`" + warehouse.gold(table) + "`";
        assertThat(duck.query("SELECT count(*) FROM " + table).get(0).get(0))
            .as(table)
            .isEqualTo(String.valueOf(sql("SELECT count(*) FROM %s", gold).get(0).getLong(0)));
        List<String> described =
            duck.query("DESCRIBE " + table).stream().map(r -> r.get(0) + " " + r.get(1)).toList();
        assertThat(described)
            .as(table)
            .containsExactlyElementsOf(
                c.columns().stream()
                    .map(col -> col.name() + " " + BiDocs.duckdbType(col.type()))
                    .toList());
        for (ColumnSpec col : c.columns()) {
          String type = col.type();
          boolean numeric =
              type.equals("bigint")
                  || type.equals("int")
                  || type.equals("double")
                  || type.startsWith("decimal");
          if (numeric) {
            Row spark =
                sql("SELECT CAST(sum(%s) AS DOUBLE), count(%1$s) FROM %s", col.name(), gold).get(0);
            List<String> d =
                duck.query(
                        "SELECT CAST(sum("
                            + col.name()
                            + ") AS DOUBLE), count("
                            + col.name()
                            + ") FROM "
                            + table)
                    .get(0);
            assertThat(d.get(1))
                .as(table + "." + col.name())
                .isEqualTo(String.valueOf(spark.getLong(1)));
            if (!spark.isNullAt(0)) {
              assertThat(Double.parseDouble(d.get(0)))
                  .as(table + "." + col.name())
                  .isCloseTo(
                      spark.getDouble(0),
                      Assertions.within(1e-9 * (1 + Math.abs(spark.getDouble(0)))));
            }
          } else if (type.equals("date") || type.equals("string")) {
            Row spark =
                sql(
                        "SELECT CAST(min(%s) AS STRING), CAST(max(%1$s) AS STRING) FROM %s",
                        col.name(), gold)
                    .get(0);
            List<String> d =
                duck.query(
                        "SELECT CAST(min("
                            + col.name()
                            + ") AS VARCHAR), CAST(max("
                            + col.name()
                            + ") AS VARCHAR) FROM "
                            + table)
                    .get(0);
            assertThat(d)
                .as(table + "." + col.name())
                .containsExactly(spark.getString(0), spark.getString(1));
          }
        }
      }
      // Every documented example query runs on the views.
      for (ExportSpec spec : contracts.exports()) {
        assertThat(duck.query(spec.exampleQuery())).as(spec.exampleQuery()).isNotNull();
      }
      assertThat(
              duck.query(
                  "SELECT preceding_event FROM growth_ceilings WHERE site = 'kaixin001' AND series = 'daily_ip'"))
          .containsExactly(List.of("QQ Farm launch"));
    }
  }

  /**
   * The interactive page opens in headless Chromium without a JavaScript error or a network
   * request, and draws every kind of chart with data (ReportInBrowser); screenshots at 1280x800 and
   * 390 wide and a PDF print are kept in target/report-screenshots.
   */
  @Test
  void theInteractiveReportRendersInABrowserWithoutErrorsOrRequests() throws Exception {
    PipelineConf conf =
        conf(home().resolve("data/sample"), tmp.resolve("warehouse"), "2024-01-01", Map.of());
    List<Path> files =
        new ReportJob(new JobContext(spark(), conf, contracts(), "sample"))
            .run(tmp.resolve("interactive"), EnumSet.of(ReportJob.Format.html));
    Path page = tmp.resolve("interactive").resolve(ReportJob.PAGE);
    assertThat(files).containsExactly(page);
    String html = Files.readString(page);
    assertThat(html)
        .contains("<script id=\"report-data\" type=\"application/json\">")
        .contains("Apache ECharts 5.3.1")
        .doesNotContain("<script src=")
        .doesNotContain("<link ");
    assertThat(ReportInBrowser.check(page, Path.of("target/report-screenshots")))
        .containsExactlyInAnyOrder(
            "quarantine",
            "timings",
            "retention",
            "retention-curves",
            "accounting",
            "series",
            "backtest",
            "price",
            "loss");
  }

  @Test
  void thePngReportDrawsEveryChartFromTheGoldTables() throws Exception {
    PipelineConf conf =
        conf(home().resolve("data/sample"), tmp.resolve("warehouse"), "2024-01-01", Map.of());
    List<Path> charts =
        new ReportJob(new JobContext(spark(), conf, contracts(), "sample"))
            .run(tmp.resolve("report"), EnumSet.of(ReportJob.Format.png));
    assertThat(charts)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "retention_kaixin001.png",
            "retention_curves_kaixin001.png",
            "retention_renren.png",
            "retention_curves_renren.png",
            "growth_kaixin001.png",
            "backtest_kaixin001.png",
            "growth_renren.png",
            "backtest_renren.png",
            "price_vs_cost_cdn.png",
            "price_vs_cost_bandwidth.png",
            "loss_ratio.png");
    for (Path chart : charts) {
      assertThat(Files.size(chart)).as(chart.toString()).isGreaterThan(20_000);
      BufferedImage image = ImageIO.read(chart.toFile());
      assertThat(image.getWidth()).isGreaterThanOrEqualTo(800);
      Set<Integer> colours = new HashSet<>();
      for (int x = 0; x < image.getWidth(); x += 3) {
        for (int y = 0; y < image.getHeight(); y += 3) {
          colours.add(image.getRGB(x, y));
        }
      }
      assertThat(colours.size())
          .as(chart + " is not a blank or one-colour image")
          .isGreaterThan(30);
    }
    String html = Files.readString(tmp.resolve("report").resolve(ReportJob.PNG_PAGE));
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(charts.size() + 1);
    assertThat(html)
        .contains("Cohort retention, kaixin001")
        .contains("Daily login IPs and the fitted ceiling")
        .contains("Effective price and unit cost, cdn")
        .contains("Loss ratio by vendor")
        .contains("When the ceiling could be known, kaixin001")
        .contains("Retention curves with their uncertainty")
        .contains("<td class=\"text\">QQ Farm launch</td>");
  }

  /**
   * cohort_retention (monthly) and growth_accounting recomputed from the same silver Parquet files
   * by an independent implementation, DuckDB SQL (bench/DuckDbCompare.java, also used by the
   * benchmark): every row equal.
   */
  @Test
  void anIndependentDuckDbImplementationGivesTheSameCohortsAndAccounting() throws Exception {
    String duckdbJar =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(p -> p.contains("duckdb_jdbc"))
            .findFirst()
            .orElseThrow();
    Process p =
        new ProcessBuilder(
                "java",
                "-cp",
                duckdbJar,
                home().resolve("bench/DuckDbCompare.java").toString(),
                tmp.resolve("warehouse").toString(),
                tmp.resolve("exports").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    JsonNode result = new ObjectMapper().readTree(out);
    assertThat(result.path("cohort_retention").path("rows").asLong())
        .isEqualTo(
            sql(
                    "SELECT count(*) FROM delta.`%s` WHERE grain = 'month'",
                    warehouse.gold(GoldTables.COHORT_RETENTION))
                .get(0)
                .getLong(0));
    assertThat(result.path("cohort_retention").path("mismatches").asLong()).as(out).isZero();
    assertThat(result.path("growth_accounting").path("rows").asLong()).isPositive();
    assertThat(result.path("growth_accounting").path("mismatches").asLong()).as(out).isZero();
  }

  @Test
  void kaixin001HitsItsCeilingIn2009RightAfterTencentsAnswer() {
    Row kaixin =
        sql(
                "SELECT threshold_crossings['10000000'], ceiling_identified, year(ceiling_reached_on),"
                    + " preceding_event, preceding_event_actor, status, ceiling FROM delta.`%s`"
                    + " WHERE site = 'kaixin001' AND series = 'daily_ip'",
                warehouse.gold(GoldTables.GROWTH_CEILINGS))
            .get(0);
    assertThat(kaixin.get(0)).as("crosses ten million daily IPs").isNotNull();
    assertThat(kaixin.getBoolean(1)).isTrue();
    assertThat(kaixin.getInt(2)).as("ceiling reached in").isEqualTo(2009);
    assertThat(kaixin.getString(3)).isIn("QQ Farm launch", "Qzone feed revamp");
    assertThat(kaixin.getString(4)).isEqualTo("tencent");
    assertThat(kaixin.getString(5)).isEqualTo("declining");
    // The generator's curve has K = 11.5M.
    assertThat(kaixin.getDouble(6)).isBetween(11.0e6, 12.0e6);
    Row renren =
        sql(
                "SELECT threshold_crossings['10000000'], status FROM delta.`%s`"
                    + " WHERE site = 'renren' AND series = 'daily_ip'",
                warehouse.gold(GoldTables.GROWTH_CEILINGS))
            .get(0);
    assertThat(renren.get(0)).as("Renren never reaches ten million").isNull();
    // Growth accounting identities on real-looking data.
    assertThat(
            sql(
                    "SELECT count(*) FROM delta.`%s` WHERE mau != new_users + retained_users + resurrected_users"
                        + " OR previous_mau != retained_users + churned_users",
                    warehouse.gold(GoldTables.GROWTH_ACCOUNTING))
                .get(0)
                .getLong(0))
        .isZero();
  }

  @Test
  void classmateGraphsAreDenserThanImportedContacts() {
    for (String site : List.of("kaixin001", "renren")) {
      List<Row> byType =
          sql(
              "SELECT relation, density, avg_clustering, transitivity FROM delta.`%s`"
                  + " WHERE site = '%s' AND relation IN ('classmate', 'imported_contact') ORDER BY relation",
              warehouse.gold(GoldTables.GRAPH_SUMMARY), site);
      assertThat(byType).hasSize(2);
      Row classmate = byType.get(0);
      Row imported = byType.get(1);
      assertThat(classmate.getDouble(1))
          .as(site + " density")
          .isGreaterThan(3 * imported.getDouble(1));
      assertThat(classmate.getDouble(2))
          .as(site + " clustering")
          .isGreaterThan(5 * imported.getDouble(2));
      assertThat(classmate.getDouble(3))
          .as(site + " transitivity")
          .isGreaterThan(5 * imported.getDouble(3));
    }
    // Every registered user and every relation end (some ends' user rows were quarantined) is a
    // node.
    assertThat(
            sql("SELECT count(*) FROM delta.`%s`", warehouse.gold(GoldTables.USER_GRAPH_METRICS))
                .get(0)
                .getLong(0))
        .isEqualTo(
            sql(
                    "SELECT count(*) FROM (SELECT site, user_key FROM delta.`%s` UNION SELECT site, src_user_key"
                        + " FROM delta.`%2$s` UNION SELECT site, dst_user_key FROM delta.`%2$s`)",
                    warehouse.silver("sns_users"), warehouse.silver("sns_relations"))
                .get(0)
                .getLong(0));
  }

  @Test
  void theSampleTellsTheStory() {
    Map<String, Long> peak =
        Map.of(
            "kaixin001",
                sql(
                        "SELECT max(daily_ip) FROM delta.`%s` WHERE site = 'kaixin001'",
                        warehouse.silver("site_traffic"))
                    .get(0)
                    .getLong(0),
            "renren",
                sql(
                        "SELECT max(daily_ip) FROM delta.`%s` WHERE site = 'renren'",
                        warehouse.silver("site_traffic"))
                    .get(0)
                    .getLong(0));
    assertThat(peak.get("kaixin001"))
        .as("Kaixin001 crosses ten million daily IPs")
        .isGreaterThan(10_000_000L);
    assertThat(peak.get("renren")).as("Renren stays below").isLessThan(10_000_000L);
    assertThat(
            sql("SELECT DISTINCT site FROM delta.`%s` ORDER BY site", warehouse.silver("sns_users"))
                .stream()
                .map(r -> r.getString(0))
                .toList())
        .as("site aliases all map to the two canonical sites")
        .containsExactly("kaixin001", "renren");
    BigDecimal campusShare =
        sql(
                "SELECT avg(CASE WHEN segment = 'campus' THEN 1.0 ELSE 0 END) FROM delta.`%s`"
                    + " WHERE site = 'renren'",
                warehouse.silver("sns_users"))
            .get(0)
            .getDecimal(0);
    assertThat(campusShare.doubleValue()).as("Renren is strong on campus").isGreaterThan(0.6);
    assertThat(
            sql(
                    "SELECT DISTINCT list_price_cny * (1 - discount) FROM delta.`%s` WHERE vendor = 'aliyun'"
                        + " AND product = 'bandwidth' AND year(observed_on) = 2020",
                    warehouse.silver("cloud_prices"))
                .stream()
                .map(r -> r.getDecimal(0).stripTrailingZeros().toPlainString())
                .toList())
        .as("bandwidth sold at 4 yuan per Mbps-month in 2020")
        .containsExactly("4");
    assertThat(
            sql(
                    "SELECT DISTINCT unit_cost_cny FROM delta.`%s` WHERE vendor = 'market' AND product = 'bandwidth'"
                        + " AND month = DATE'2020-07-01'",
                    warehouse.silver("cloud_unit_costs"))
                .stream()
                .map(r -> r.getDecimal(0).stripTrailingZeros().toPlainString())
                .toList())
        .as("against a market cost of 6 (the three regions differ by 2%)")
        .contains("6");
    assertThat(
            sql(
                    "SELECT revenue_cny, cost_of_revenue_cny FROM delta.`%s` WHERE vendor = 'ksyun' AND segment = 'cdn'"
                        + " AND period = '2020'",
                    warehouse.silver("cloud_financials"))
                .get(0))
        .satisfies(
            r ->
                assertThat(r.getDecimal(1).divide(r.getDecimal(0)).subtract(BigDecimal.ONE))
                    .as("Kingsoft Cloud's CDN loses 40%% of revenue in 2020")
                    .isEqualByComparingTo("0.4"));
    assertThat(
            sql(
                    "SELECT max(observed_on) FROM delta.`%s` WHERE vendor = 'ucloud' AND product = 'cdn'",
                    warehouse.silver("cloud_prices"))
                .get(0)
                .get(0)
                .toString())
        .as("UCloud leaves CDN in mid 2019")
        .startsWith("2019-06");
  }

  @Test
  void thePriceWarTablesFindTheStory() {
    assertThat(
            sql(
                    "SELECT DISTINCT vendor FROM delta.`%s` WHERE product = 'bandwidth' AND effective_price = 4"
                        + " AND unit_cost = 6 AND loss_ratio = 0.5 AND margin_ratio = -0.5",
                    warehouse.gold("unit_economics_monthly"))
                .stream()
                .map(r -> r.getString(0))
                .toList())
        .as("bandwidth at 4 yuan against a cost of 6: loss ratio 0.5")
        .contains("tencentcloud");
    assertThat(
            sql(
                    "SELECT vendor, year FROM delta.`%s` WHERE segment = 'cdn' AND is_revenue_peak AND loss_ratio = 0.4",
                    warehouse.gold("vendor_segment_loss"))
                .stream()
                .map(r -> r.getString(0) + "|" + r.getInt(1))
                .toList())
        .as("the vendor whose CDN revenue peaks with a 40%% loss ratio")
        .containsExactly("ksyun|2020");
    assertThat(
            sql(
                    "SELECT vendor, product FROM delta.`%s` WHERE at_break_even ORDER BY product",
                    warehouse.gold("vendor_exits"))
                .stream()
                .map(r -> r.getString(0) + "|" + r.getString(1))
                .toList())
        .as("the vendor that quits at break-even")
        .containsExactly("ucloud|bandwidth", "ucloud|cdn");
    assertThat(
            sql(
                    "SELECT count(*) FROM delta.`%s` WHERE product = 'bandwidth' AND start_month <= DATE'2020-01-01'"
                        + " AND end_month >= DATE'2020-12-01'",
                    warehouse.gold("price_war_periods"))
                .get(0)
                .getLong(0))
        .as("2020 is a bandwidth price war in every region")
        .isEqualTo(3);
  }
}

package com.marketlens.refine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.error.MarketLensException;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Contracts;
import com.marketlens.schema.Datasets;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Ingest and refine over a small messy input whose every outcome is worked out by hand in {@link
 * Fixtures#writeMessyInput}: counts per dataset, quarantine reasons, typed values, re-scrapes,
 * re-ingestion, an idempotent rerun and pseudonymization.
 */
class TestIngestRefine extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;
  private static PipelineConf conf;
  private static Map<String, StageReport> ingest;
  private static Map<String, StageReport> refine;

  @BeforeAll
  static void runPipeline() {
    Path input = tmp.resolve("input");
    Fixtures.writeMessyInput(input);
    conf =
        conf(
            input,
            tmp.resolve("warehouse"),
            "2024-01-01",
            Map.of("marketlens.quality.max-quarantine-share", "1"));
    warehouse = new Warehouse(conf.warehouse());
    Contracts contracts = contracts();
    ingest =
        byDataset(
            new IngestJob(new JobContext(spark(), conf, contracts, "run-1")).run(Datasets.ALL));
    refine =
        byDataset(
            new RefineJob(new JobContext(spark(), conf, contracts, "run-1")).run(Datasets.ALL));
  }

  private static Map<String, StageReport> byDataset(List<StageReport> reports) {
    return reports.stream().collect(Collectors.toMap(StageReport::dataset, Function.identity()));
  }

  @Test
  void everyDatasetReconcilesWithTheCountsWorkedOutByHand() {
    // dataset -> read, loaded, quarantined, duplicates
    Map<String, long[]> expected =
        Map.of(
            "sns_users", new long[] {12, 6, 4, 2},
            "sns_activity", new long[] {6, 4, 2, 0},
            "sns_relations", new long[] {4, 3, 1, 0},
            "site_traffic", new long[] {4, 3, 1, 0},
            "market_events", new long[] {2, 2, 0, 0},
            "fx_rates", new long[] {3, 2, 1, 0},
            "cloud_prices", new long[] {9, 4, 5, 0},
            "cloud_unit_costs", new long[] {2, 2, 0, 0},
            "cloud_financials", new long[] {3, 2, 1, 0});
    expected.forEach(
        (dataset, e) -> {
          StageReport r = refine.get(dataset);
          assertThat(
                  new long[] {
                    r.rowsRead(), r.rowsLoaded(), r.rowsQuarantined(), r.duplicatesDropped()
                  })
              .as(dataset)
              .containsExactly(e);
          assertThat(r.reconciles()).isTrue();
          assertThat(ingest.get(dataset).rowsRead())
              .as("bronze rows of " + dataset)
              .isEqualTo(e[0]);
          assertThat(count("silver/" + dataset)).as("silver rows of " + dataset).isEqualTo(e[1]);
        });
  }

  @Test
  void silverTablesHaveExactlyTheContractSchema() {
    Contracts contracts = contracts();
    for (String dataset : Datasets.ALL) {
      assertThat(spark().read().format("delta").load(warehouse.silver(dataset)).schema())
          .as(dataset)
          .isEqualTo(contracts.silver(dataset).sparkSchema());
    }
    assertThat(spark().read().format("delta").load(warehouse.quarantine()).schema())
        .isEqualTo(contracts.system("quarantine").sparkSchema());
    assertThat(spark().read().format("delta").load(warehouse.pipelineRuns()).schema())
        .isEqualTo(contracts.system("pipeline_runs").sparkSchema());
  }

  @Test
  void quarantineHoldsEachBadRowWithItsReasonFileAndLine() {
    List<String> rows =
        sql(
                "SELECT dataset, reason, source_file, source_line FROM delta.`%s` ORDER BY dataset, source_file, source_line",
                warehouse.quarantine())
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + "|"
                        + r.getString(1)
                        + "|"
                        + r.getString(2)
                        + ":"
                        + r.getLong(3))
            .toList();
    assertThat(rows)
        .containsExactly(
            "cloud_financials|bad_date|cloud_financials/2023-01-15_part1.csv:4",
            "cloud_prices|bad_unit|cloud_prices/2023-01-15_part1.csv:5",
            "cloud_prices|impossible_value|cloud_prices/2023-01-15_part1.csv:6",
            "cloud_prices|missing_fx_rate|cloud_prices/2023-01-15_part1.csv:7",
            "cloud_prices|bad_currency|cloud_prices/2023-01-15_part1.csv:8",
            "cloud_prices|bad_discount|cloud_prices/2023-01-15_part1.csv:10",
            "fx_rates|impossible_value|fx_rates/2023-01-15_part1.csv:4",
            "site_traffic|impossible_value|site_traffic/2012-01-05_part1.csv:5",
            "sns_activity|event_before_registration|sns_activity/2012-01-05_part1.csv:3",
            "sns_activity|bad_ip|sns_activity/2012-01-05_part1.csv:5",
            "sns_relations|self_loop|sns_relations/2012-01-05_part1.csv:4",
            "sns_users|bad_timestamp|sns_users/2012-01-05_part1.csv:5",
            "sns_users|unknown_value|sns_users/2012-01-05_part1.csv:7",
            "sns_users|wrong_column_count|sns_users/2012-01-05_part1.csv:8",
            "sns_users|malformed_record|sns_users/2012-02-01_part2.jsonl:5");
    Row raw =
        sql(
                "SELECT raw_record, run_id FROM delta.`%s` WHERE reason = 'wrong_column_count'",
                warehouse.quarantine())
            .get(0);
    assertThat(raw.getString(0)).isEqualTo("frank06,kaixin001,campus");
    // The run that refused it: the first, or the full refresh of
    // rerunningTheSameInputsChangesNothing
    // when that test ran first (a full refine replaces the dataset's quarantine rows).
    assertThat(raw.getString(1)).isIn("run-1", "run-3");
  }

  @Test
  void usersAreTypedNormalizedAndTheLatestScrapeWins() {
    Pseudonymizer p = new Pseudonymizer(TEST_SALT);
    Map<String, Row> users =
        sql(
                "SELECT user_key, site, registered_at, registered_month, segment, org, channel, city, scrape_date"
                    + " FROM delta.`%s`",
                warehouse.silver("sns_users"))
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertThat(users).hasSize(6);
    Row bob = users.get(p.userKey("kaixin001", "bob02"));
    assertThat(bob.getString(1)).isEqualTo("kaixin001");
    assertThat((Instant) bob.get(2)).isEqualTo(Instant.parse("2008-07-01T00:05:00Z"));
    assertThat(bob.getString(5)).isEqualTo("北京大学");
    assertThat(bob.getString(7)).as("re-scraped city").isEqualTo("天津");
    assertThat((LocalDate) bob.get(8)).isEqualTo(LocalDate.of(2012, 2, 1));
    Row alice = users.get(p.userKey("kaixin001", "alice01"));
    assertThat(alice.getString(4)).isEqualTo("white_collar");
    assertThat((LocalDate) alice.get(3)).isEqualTo(LocalDate.of(2008, 6, 1));
    assertThat((Instant) users.get(p.userKey("kaixin001", "carol03")).get(2))
        .isEqualTo(Instant.parse("2008-07-01T00:05:00Z"));
    // epoch seconds and epoch milliseconds, number and string ids, xiaonei -> renren
    assertThat((Instant) users.get(p.userKey("renren", "2001")).get(2))
        .isEqualTo(Instant.ofEpochSecond(1215000000));
    assertThat((Instant) users.get(p.userKey("renren", "2002")).get(2))
        .isEqualTo(Instant.ofEpochSecond(1215000000));
    Row gbk = users.get(p.userKey("renren", "2003"));
    assertThat(gbk.getString(5)).as("GBK-decoded org").isEqualTo("复旦大学");
    assertThat((Instant) gbk.get(2)).isEqualTo(Instant.parse("2008-09-01T04:00:00Z"));
  }

  @Test
  void activityKeepsOnlyPseudonymsAndNetworkPrefixes() {
    List<Row> rows =
        sql(
            "SELECT event_type, ip_prefix, ip_hash IS NULL, event_month FROM delta.`%s`"
                + " ORDER BY event_time",
            warehouse.silver("sns_activity"));
    assertThat(
            rows.stream()
                .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getBoolean(2))
                .toList())
        .containsExactly(
            "login|58.30.1.0/24|false",
            "post|null|true",
            "feed_view|2001:db8:abcd::/48|false",
            "game|10.0.0.0/24|false");
  }

  @Test
  void noRawUserIdOrIpReachesSilver() {
    List<String> raw =
        List.of(
            "alice01",
            "bob02",
            "carol03",
            "zed99",
            "58.30.1.20",
            "2001:db8:abcd:12::1",
            "10.0.0.1");
    for (String dataset : Datasets.ALL) {
      String all =
          spark()
              .read()
              .format("delta")
              .load(warehouse.silver(dataset))
              .toJSON()
              .collectAsList()
              .toString();
      for (String value : raw) {
        assertThat(all).as(dataset + " must not contain " + value).doesNotContain(value);
      }
    }
  }

  @Test
  void cloudPricesAreConvertedAtTheRateInForceAndDiscountsNormalized() {
    List<String> prices =
        sql(
                "SELECT vendor, product, region, unit, list_price_cny, discount, currency, fx_rate"
                    + " FROM delta.`%s` ORDER BY observed_on, vendor",
                warehouse.silver("cloud_prices"))
            .stream()
            .map(
                r ->
                    r.getString(0)
                        + "|"
                        + r.getString(1)
                        + "|"
                        + r.getString(2)
                        + "|"
                        + r.getString(3)
                        + "|"
                        + r.getDecimal(4).stripTrailingZeros().toPlainString()
                        + "|"
                        + r.getDecimal(5).stripTrailingZeros().toPlainString()
                        + "|"
                        + r.getString(6)
                        + "|"
                        + r.getDecimal(7).stripTrailingZeros().toPlainString())
            .toList();
    assertThat(prices)
        .containsExactly(
            "aliyun|bandwidth|cn-east|CNY/Mbps/month|8|0.5|CNY|1",
            "tencentcloud|cdn|cn-east|CNY/GB|0.7|0.3|USD|7",
            "ucloud|cdn|cn-east|CNY/GB|0.2|0.3|CNY|1",
            "tencentcloud|cdn|cn-east|CNY/GB|0.65|0.3|USD|6.5");
    Row cost =
        sql(
                "SELECT unit_cost_cny, fx_rate FROM delta.`%s` WHERE vendor = 'ksyun'",
                warehouse.silver("cloud_unit_costs"))
            .get(0);
    assertThat(cost.getDecimal(0)).isEqualByComparingTo(new BigDecimal("0.21"));
    List<Row> fin =
        sql(
            "SELECT period, period_type, revenue_cny, cost_of_revenue_cny, segment FROM delta.`%s`"
                + " ORDER BY period",
            warehouse.silver("cloud_financials"));
    assertThat(fin.get(0).getString(0)).isEqualTo("2020");
    assertThat(fin.get(0).getDecimal(2)).isEqualByComparingTo(new BigDecimal("3600000000"));
    assertThat(fin.get(0).getDecimal(3)).isEqualByComparingTo(new BigDecimal("5040000000"));
    assertThat(fin.get(0).getString(4)).isEqualTo("cdn");
    assertThat(fin.get(1).getString(1)).isEqualTo("quarter");
  }

  @Test
  void trafficMagnitudesAndEventAliasesAreNormalized() {
    assertThat(
            sql("SELECT daily_ip FROM delta.`%s` ORDER BY date", warehouse.silver("site_traffic"))
                .stream()
                .map(r -> r.getLong(0))
                .toList())
        .containsExactly(10_200_000L, 10_250_000L, 10_300_000L);
    assertThat(
            sql(
                    "SELECT actor, site FROM delta.`%s` ORDER BY date",
                    warehouse.silver("market_events"))
                .stream()
                .map(r -> r.getString(0) + "|" + r.getString(1))
                .toList())
        .containsExactly("tencent|kaixin001", "tencent|null");
  }

  @Test
  void rerunningTheSameInputsChangesNothing() {
    Map<String, List<String>> before = silverSnapshot();
    long bronzeBefore = count("bronze/sns_users");
    Contracts contracts = contracts();
    List<StageReport> again =
        new IngestJob(new JobContext(spark(), conf, contracts, "run-2")).run(Datasets.ALL);
    assertThat(again)
        .allSatisfy(
            r -> {
              assertThat(r.rowsRead()).as(r.dataset()).isZero();
              assertThat(r.filesSkipped())
                  .as(r.dataset())
                  .isEqualTo(ingest.get(r.dataset()).filesRead());
            });
    assertThat(count("bronze/sns_users")).isEqualTo(bronzeBefore);
    long silverVersion = version(warehouse.silver("sns_users"));
    // A daily rerun: no bronze rows since the last refine, so nothing is read and no commit made.
    assertThat(new RefineJob(new JobContext(spark(), conf, contracts, "run-2")).run(Datasets.ALL))
        .allSatisfy(
            r -> {
              assertThat(r.rowsRead()).as(r.dataset()).isZero();
              assertThat(r.message()).startsWith("incremental: no bronze rows since version");
            });
    assertThat(silverSnapshot()).isEqualTo(before);
    assertThat(version(warehouse.silver("sns_users"))).isEqualTo(silverVersion);
    // A full refresh over the same rows MERGEs and changes no row either.
    PipelineConf full =
        conf(
            tmp.resolve("input"),
            tmp.resolve("warehouse"),
            "2024-01-01",
            Map.of(
                "marketlens.quality.max-quarantine-share", "1", "marketlens.full-refresh", "true"));
    new RefineJob(new JobContext(spark(), full, contracts, "run-3")).run(Datasets.ALL);
    assertThat(silverSnapshot()).isEqualTo(before);
    Row merge = sql("DESCRIBE HISTORY delta.`%s` LIMIT 1", warehouse.silver("sns_users")).get(0);
    Map<String, String> metrics =
        CollectionConverters.asJava(
            merge.<scala.collection.Map<String, String>>getAs("operationMetrics"));
    assertThat(metrics)
        .containsEntry("numTargetRowsInserted", "0")
        .containsEntry("numTargetRowsUpdated", "0")
        .containsEntry("numTargetRowsDeleted", "0");
  }

  private static long version(String path) {
    return sql("DESCRIBE HISTORY delta.`%s` LIMIT 1", path).get(0).getLong(0);
  }

  private Map<String, List<String>> silverSnapshot() {
    return Datasets.ALL.stream()
        .collect(
            Collectors.toMap(
                d -> d,
                d ->
                    spark()
                        .read()
                        .format("delta")
                        .load(warehouse.silver(d))
                        .toJSON()
                        .collectAsList()
                        .stream()
                        .sorted()
                        .toList()));
  }

  private static long count(String table) {
    return spark().read().format("delta").load(conf.warehouse() + "/" + table).count();
  }

  @Test
  void aDatasetOverTheQuarantineLimitStopsTheRunWithoutTouchingSilver() {
    Path input = tmp.resolve("limit-input");
    Fixtures.writeMessyInput(input);
    PipelineConf strict =
        conf(
            input,
            tmp.resolve("limit-warehouse"),
            "2024-01-01",
            Map.of("marketlens.quality.max-quarantine-share", "0.5"));
    Contracts contracts = contracts();
    List<String> datasets = List.of("site_traffic", "fx_rates", "cloud_prices");
    new IngestJob(new JobContext(spark(), strict, contracts, "run-limit")).run(datasets);
    RefineJob job = new RefineJob(new JobContext(spark(), strict, contracts, "run-limit"));
    // Refined in contract order: fx_rates (1 of 3 quarantined) and site_traffic (1 of 4) pass a 50%
    // limit,
    // cloud_prices (5 of 9) does not.
    assertThatThrownBy(() -> job.run(datasets))
        .isInstanceOf(MarketLensException.class)
        .hasMessageStartingWith(
            "Dataset cloud_prices: 5 of 9 rows (55.6%) were quarantined, above the limit of 50.0%.");
    Warehouse w = new Warehouse(strict.warehouse());
    assertThat(
            sql(
                    "SELECT dataset, status, rows_quarantined FROM delta.`%s` WHERE stage = 'refine' ORDER BY dataset",
                    w.pipelineRuns())
                .stream()
                .map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getLong(2))
                .toList())
        .containsExactly(
            "cloud_prices|failed|5", "fx_rates|succeeded|1", "site_traffic|succeeded|1");
    assertThat(DeltaTables.exists(spark(), w.silver("cloud_prices"))).isFalse();
    assertThat(
            sql("SELECT count(*) FROM delta.`%s` WHERE dataset = 'cloud_prices'", w.quarantine())
                .get(0)
                .getLong(0))
        .as("the failed dataset's quarantine rows are kept for inspection")
        .isEqualTo(5);
    assertThat(spark().read().format("delta").load(w.silver("site_traffic")).count()).isEqualTo(3);
  }

  @Test
  void theQuarantineLimitOfAnIncrementCountsEveryRowSinceTheLastFullRefine() throws IOException {
    Path input = tmp.resolve("daily-limit-input/site_traffic");
    Files.createDirectories(input);
    Files.writeString(
        input.resolve("2024-01-01_history.csv"),
        "date,site,daily_ip\n2009-01-01,renren,100\n2009-01-02,renren,101\n2009-01-03,renren,102\n"
            + "2009-01-04,renren,103\n2009-01-05,renren,104\n2009-01-06,renren,105\n");
    // One good and one bad row: half of the day, 1 of 8 rows (12.5%) since the full refine.
    Files.writeString(
        input.resolve("2024-01-02_day.csv"),
        "date,site,daily_ip\n2009-01-07,renren,106\n2009-01-08,renren,n/a\n");
    // Three bad rows: 4 of 11 (36%) are quarantined now.
    Files.writeString(
        input.resolve("2024-01-03_day.csv"),
        "date,site,daily_ip\n2009-01-09,renren,x\n2009-01-10,renren,y\n2009-01-11,renren,z\n");
    Path daily = tmp.resolve("daily-limit-warehouse");
    assertThat(refineTrafficAt(input.getParent(), daily, "2024-01-01").status())
        .isEqualTo(StageReport.Status.SUCCEEDED);
    assertThat(refineTrafficAt(input.getParent(), daily, "2024-01-02").status())
        .isEqualTo(StageReport.Status.SUCCEEDED);
    String silver = new Warehouse(daily.toString()).silver("site_traffic");
    assertThat(spark().read().format("delta").load(silver).count()).isEqualTo(7);
    String overTheLimit =
        "Dataset site_traffic: 4 of 11 rows (36.4%) were quarantined, above the limit of 25.0%.";
    assertThatThrownBy(() -> refineTrafficAt(input.getParent(), daily, "2024-01-03"))
        .isInstanceOf(MarketLensException.class)
        .hasMessageStartingWith(overTheLimit)
        .hasMessageContaining("this increment quarantined 3 of 3");
    assertThat(spark().read().format("delta").load(silver).count()).isEqualTo(7);
    // A full refine over the same files decides the same: the first two days pass, all three fail.
    assertThat(refineTrafficAt(input.getParent(), tmp.resolve("full-2"), "2024-01-02").status())
        .isEqualTo(StageReport.Status.SUCCEEDED);
    assertThatThrownBy(
            () -> refineTrafficAt(input.getParent(), tmp.resolve("full-3"), "2024-01-03"))
        .hasMessageStartingWith(overTheLimit);
  }

  /** Ingests and refines site_traffic as of {@code day} with a 25% quarantine limit. */
  private static StageReport refineTrafficAt(Path input, Path warehouse, String day) {
    Map<String, String> limit = Map.of("marketlens.quality.max-quarantine-share", "0.25");
    JobContext job =
        new JobContext(spark(), conf(input, warehouse, day, limit), contracts(), "run-" + day);
    List<String> traffic = List.of("site_traffic");
    new IngestJob(job).run(traffic);
    return new RefineJob(job).run(traffic).get(0);
  }
}

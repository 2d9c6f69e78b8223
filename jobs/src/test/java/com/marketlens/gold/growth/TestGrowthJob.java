package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.gold.growth.CohortMetrics.Grain;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.quality.StageReport;
import com.marketlens.schema.Datasets;
import com.marketlens.schema.GoldTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The growth tables on a fixture worked out by hand (times in Asia/Shanghai). Site "s": u1
 * (registered Jan 10, campus, msn_invite) active Jan, Feb, Apr: skips March; u2 (Jan 20,
 * white_collar, qq) active in January only: never comes back; u3 (Feb 5, campus, msn_invite) active
 * Feb, Mar, Apr, plus a login in January before registering; u4 (Feb 15, campus, organic) never
 * active; u5 (Jan 5, white_collar, msn_invite) an invite in January (not a qualifying event),
 * active in March. Site "t": w1 (Jan 1, other, organic) active in January and April only (two empty
 * months in between).
 */
class TestGrowthJob extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;
  private static List<StageReport> reports;

  private static Instant at(String local) {
    return OffsetDateTime.parse(local + "+08:00").toInstant();
  }

  private static Row user(
      String site, String key, String registered, String segment, String channel) {
    Instant t = at(registered + "T10:00:00");
    return RowFactory.create(
        site,
        key,
        t,
        LocalDate.parse(registered).withDayOfMonth(1),
        segment,
        null,
        channel,
        null,
        LocalDate.of(2012, 1, 5),
        "f.csv",
        2L);
  }

  private static Row event(String site, String key, String time, String type) {
    Instant t = at(time);
    return RowFactory.create(
        site,
        key,
        t,
        LocalDate.parse(time.substring(0, 10)).withDayOfMonth(1),
        type,
        "h",
        "1.2.3.0/24",
        LocalDate.of(2012, 1, 5),
        "f.csv",
        2L);
  }

  @AfterAll
  static void backToInterpreted() {
    useInterpretedCode();
  }

  @BeforeAll
  static void build() {
    // Hand-worked values: checked against the compiled code that cluster runs execute.
    useCompiledCode();
    List<Row> users =
        List.of(
            user("s", "u1", "2009-01-10", "campus", "msn_invite"),
            user("s", "u2", "2009-01-20", "white_collar", "qq"),
            user("s", "u3", "2009-02-05", "campus", "msn_invite"),
            user("s", "u4", "2009-02-15", "campus", "organic"),
            user("s", "u5", "2009-01-05", "white_collar", "msn_invite"),
            user("t", "w1", "2009-01-01", "other", "organic"));
    List<Row> activity =
        List.of(
            event("s", "u1", "2009-01-12T09:00:00", "login"),
            event("s", "u1", "2009-01-13T09:00:00", "post"),
            event("s", "u1", "2009-02-03T09:00:00", "login"),
            event("s", "u1", "2009-04-08T09:00:00", "post"),
            event("s", "u2", "2009-01-25T09:00:00", "game"),
            event("s", "u3", "2009-01-28T09:00:00", "login"),
            event("s", "u3", "2009-02-06T09:00:00", "feed_view"),
            event("s", "u3", "2009-03-06T09:00:00", "login"),
            // 00:30 on April 1st in Shanghai is still March 31st in UTC: it belongs to April.
            event("s", "u3", "2009-04-01T00:30:00", "login"),
            event("s", "u5", "2009-01-06T09:00:00", "invite"),
            event("s", "u5", "2009-03-15T09:00:00", "login"),
            event("t", "w1", "2009-01-02T09:00:00", "login"),
            event("t", "w1", "2009-04-02T09:00:00", "login"));
    // Site s: logistic daily IPs, K = 1M, r = 0.05 per day, inflection on day 100 (2009-04-11); 95%
    // of K on
    // day 158.9, 2009-06-08. Site t: flat.
    List<Row> traffic = new ArrayList<>();
    for (int day = 0; day < 400; day++) {
      LocalDate d = LocalDate.of(2009, 1, 1).plusDays(day);
      traffic.add(
          RowFactory.create(
              d,
              "s",
              Math.round(1e6 / (1 + Math.exp(-0.05 * (day - 100)))),
              LocalDate.of(2012, 1, 5),
              "f.csv",
              2L));
      traffic.add(RowFactory.create(d, "t", 500_000L, LocalDate.of(2012, 1, 5), "f.csv", 2L));
    }
    List<Row> events =
        List.of(
            RowFactory.create(
                LocalDate.of(2009, 5, 1),
                "rival",
                null,
                "B market-wide",
                null,
                LocalDate.of(2012, 1, 5),
                "f.csv",
                2L),
            RowFactory.create(
                LocalDate.of(2009, 6, 1),
                "rival",
                "s",
                "A on s",
                null,
                LocalDate.of(2012, 1, 5),
                "f.csv",
                2L),
            RowFactory.create(
                LocalDate.of(2009, 6, 5),
                "rival",
                "other",
                "C elsewhere",
                null,
                LocalDate.of(2012, 1, 5),
                "f.csv",
                2L),
            RowFactory.create(
                LocalDate.of(2009, 6, 20),
                "rival",
                "s",
                "D after",
                null,
                LocalDate.of(2012, 1, 5),
                "f.csv",
                2L));
    warehouse = new Warehouse(tmp.resolve("warehouse").toString());
    write(Datasets.SNS_USERS, users);
    write(Datasets.SNS_ACTIVITY, activity);
    write(Datasets.SITE_TRAFFIC, traffic);
    write(Datasets.MARKET_EVENTS, events);
    reports = new GrowthJob(job(Map.of())).run();
  }

  private static JobContext job(Map<String, String> settings) {
    PipelineConf conf = conf(tmp, tmp.resolve("warehouse"), "2024-01-01", settings);
    return new JobContext(spark(), conf, contracts(), "growth-test");
  }

  private static void write(String dataset, List<Row> rows) {
    spark()
        .createDataFrame(rows, contracts().silver(dataset).sparkSchema())
        .write()
        .format("delta")
        .mode("overwrite")
        .save(warehouse.silver(dataset));
  }

  private static List<String> rows(String table, String columns, String where) {
    return goldRows(warehouse, table, columns, where, "1, 2, 3", FOUR_DECIMALS);
  }

  @Test
  void cohortRetentionBoundedAndUnboundedWithRollups() {
    String columns =
        "cohort, period_index, cohort_size, active_users, retention_rate, unbounded_retention_rate";
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                columns,
                "site = 's' AND segment = 'all' AND channel = 'all'"))
        .containsExactly(
            "2009-01-01|0|3|2|0.6667|1.0000",
            "2009-01-01|1|3|1|0.3333|0.6667",
            "2009-01-01|2|3|1|0.3333|0.6667",
            "2009-01-01|3|3|1|0.3333|0.3333",
            // u3's January login came before registering: not period -1, not counted.
            "2009-02-01|0|2|1|0.5000|0.5000",
            "2009-02-01|1|2|1|0.5000|0.5000",
            "2009-02-01|2|2|1|0.5000|0.5000");
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                columns,
                "site = 's' AND segment = 'white_collar' AND channel = 'all' AND cohort = '2009-01-01'"))
        .containsExactly(
            "2009-01-01|0|2|1|0.5000|1.0000",
            "2009-01-01|1|2|0|0.0000|0.5000",
            "2009-01-01|2|2|1|0.5000|0.5000",
            "2009-01-01|3|2|0|0.0000|0.0000");
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                columns,
                "site = 's' AND segment = 'all' AND channel = 'msn_invite' AND cohort = '2009-01-01'"))
        .containsExactly(
            "2009-01-01|0|2|1|0.5000|1.0000",
            "2009-01-01|1|2|1|0.5000|1.0000",
            "2009-01-01|2|2|1|0.5000|1.0000",
            "2009-01-01|3|2|1|0.5000|0.5000");
    // u4 never came: still in the cohort size, every period 0.
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                columns,
                "site = 's' AND segment = 'campus' AND channel = 'organic'"))
        .containsExactly(
            "2009-02-01|0|1|0|0.0000|0.0000",
            "2009-02-01|1|1|0|0.0000|0.0000",
            "2009-02-01|2|1|0|0.0000|0.0000");
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                "segment, channel, count(*)",
                "site = 's' AND cohort = '2009-01-01' AND period_index = 0 GROUP BY segment, channel"))
        .containsExactly(
            "all|all|1",
            "all|msn_invite|1",
            "all|qq|1",
            "campus|all|1",
            "campus|msn_invite|1",
            "white_collar|all|1",
            "white_collar|msn_invite|1",
            "white_collar|qq|1");
  }

  @Test
  void weeklyCohortsStartOnMonday() {
    List<String> weekly =
        CohortMetrics.cohortRetention(
                spark(),
                spark().read().format("delta").load(warehouse.silver(Datasets.SNS_USERS)),
                CohortMetrics.activeHistories(
                    spark().read().format("delta").load(warehouse.silver(Datasets.SNS_ACTIVITY)),
                    List.of("login", "post", "feed_view", "game"),
                    Grain.WEEK),
                Grain.WEEK,
                LocalDate.of(2009, 1, 19))
            .filter(
                "site = 's' AND segment = 'all' AND channel = 'all' AND cohort = '2009-01-05' AND period_index < 3")
            .orderBy("period_index")
            .selectExpr(
                "grain",
                "cohort",
                "period_index",
                "period_start",
                "cohort_size",
                "active_users",
                "period_complete")
            .collectAsList()
            .stream()
            .map(r -> line(r, FOUR_DECIMALS))
            .toList();
    // Week of Monday Jan 5: u5 (Mon Jan 5) and u1 (Sat Jan 10). u1 is active in the week of Jan 12
    // only. Run on Monday Jan 19: the week of Jan 12 has ended, the week of Jan 19 has not.
    assertThat(weekly)
        .containsExactly(
            "week|2009-01-05|0|2009-01-05|2|0|true",
            "week|2009-01-05|1|2009-01-12|2|1|true",
            "week|2009-01-05|2|2009-01-19|2|0|false");
  }

  @Test
  void retentionIntervalsAreWilsonScoreIntervals() {
    // Hand-worked (z = 1.959964): 3 of 10 -> 0.1078..0.6032; 0 of 5 -> 0..0.4345; 5 of 5 ->
    // 0.5655..1.
    assertThat(
            spark()
                .sql("SELECT * FROM VALUES (3L, 10L), (0L, 5L), (5L, 5L) AS t(x, n)")
                .select(
                    CohortMetrics.wilsonLow(col("x"), col("n")),
                    CohortMetrics.wilsonHigh(col("x"), col("n")))
                .collectAsList()
                .stream()
                .map(r -> line(r, FOUR_DECIMALS))
                .toList())
        .containsExactly("0.1078|0.6032", "0.0000|0.4345", "0.5655|1.0000");
    // In the table: the January cohort of site s (3 users), bounded 2 of 3 in month 0 and 1 of 3
    // in month 1; unbounded 3 of 3 and 2 of 3. The run date (2024) is after every period.
    assertThat(
            rows(
                GoldTables.COHORT_RETENTION,
                "period_index, retention_low, retention_high, unbounded_retention_low,"
                    + " unbounded_retention_high, period_complete",
                "site = 's' AND segment = 'all' AND channel = 'all' AND cohort = '2009-01-01'"
                    + " AND period_index < 2"))
        .containsExactly(
            "0|0.2077|0.9385|0.4385|1.0000|true", "1|0.0615|0.7923|0.2077|0.9385|true");
  }

  @Test
  void growthAccountingIdentitiesHoldEveryMonth() {
    String columns =
        "month, mau, new_users, retained_users, resurrected_users, churned_users, quick_ratio,"
            + " mau_growth";
    assertThat(rows(GoldTables.GROWTH_ACCOUNTING, columns, "site = 's'"))
        .containsExactly(
            "2009-01-01|3|3|0|0|0|null|null",
            "2009-02-01|2|0|2|0|1|0.0000|-0.3333",
            "2009-03-01|2|1|1|0|1|1.0000|0.0000",
            "2009-04-01|2|0|1|1|1|1.0000|0.0000");
    assertThat(rows(GoldTables.GROWTH_ACCOUNTING, columns, "site = 't'"))
        .containsExactly(
            "2009-01-01|1|1|0|0|0|null|null",
            "2009-02-01|0|0|0|0|1|0.0000|-1.0000",
            "2009-03-01|0|0|0|0|0|null|null",
            "2009-04-01|1|0|0|1|0|null|null");
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
  void channelGrowthSharesAndMonthThreeRetention() {
    assertThat(
            rows(
                GoldTables.CHANNEL_GROWTH,
                "month, channel, new_users, new_user_share, month3_retention",
                "site = 's'"))
        .containsExactly(
            "2009-01-01|msn_invite|2|0.6667|0.5000",
            "2009-01-01|qq|1|0.3333|0.0000",
            "2009-02-01|msn_invite|1|0.5000|null",
            "2009-02-01|organic|1|0.5000|null");
    assertThat(rows(GoldTables.CHANNEL_GROWTH, "month, channel, month3_retention", "site = 't'"))
        .containsExactly("2009-01-01|organic|1.0000");
  }

  @Test
  void ceilingsFitsAndThePrecedingEvent() {
    List<Row> s =
        sql(
            "SELECT series, model, status, ceiling_identified, ceiling, ceiling_reached_on,"
                + " preceding_event, preceding_event_on, preceding_event_days_before, inflection_on FROM delta.`%s`"
                + " WHERE site = 's' AND series = 'daily_ip'",
            warehouse.gold(GoldTables.GROWTH_CEILINGS));
    assertThat(s).hasSize(1);
    Row ips = s.get(0);
    assertThat(ips.getString(1)).isEqualTo("logistic");
    assertThat(ips.getString(2)).isEqualTo("at_ceiling");
    assertThat(ips.getBoolean(3)).isTrue();
    assertThat(ips.getDouble(4)).isBetween(0.99e6, 1.01e6);
    LocalDate reached = ips.getAs("ceiling_reached_on");
    assertThat(reached).isBetween(LocalDate.of(2009, 6, 7), LocalDate.of(2009, 6, 10));
    assertThat(ips.<LocalDate>getAs("inflection_on")).isEqualTo(LocalDate.of(2009, 4, 11));
    // A (site s, June 1) is nearest before the break; C is another site's, D comes after, B is
    // older.
    assertThat(ips.getString(6)).isEqualTo("A on s");
    assertThat(ips.getInt(8))
        .isEqualTo((int) ChronoUnit.DAYS.between(LocalDate.of(2009, 6, 1), reached));
    assertThat(
            rows(
                GoldTables.GROWTH_CEILINGS,
                "series, status, ceiling_identified, preceding_event",
                "site = 't' AND series = 'daily_ip'"))
        .containsExactly("daily_ip|flat|false|null");
    // Every series gets a row; too-short series (4 months of MAU) say so.
    assertThat(rows(GoldTables.GROWTH_CEILINGS, "site, series, status", "series != 'daily_ip'"))
        .containsExactly(
            "s|mau|insufficient_data",
            "s|registered_users|insufficient_data",
            "t|mau|insufficient_data",
            "t|registered_users|insufficient_data");
    assertThat(rows(GoldTables.GROWTH_MODEL_FITS, "series, model, converged, chosen", "site = 's'"))
        .containsExactly(
            "daily_ip|bass|true|false",
            "daily_ip|gompertz|true|false",
            "daily_ip|logistic|true|true");
  }

  @Test
  void tablesFollowTheirContractsAndAreAudited() {
    assertThat(reports)
        .extracting(StageReport::dataset)
        .containsExactlyElementsOf(GoldTables.GROWTH);
    for (String table : GoldTables.GROWTH) {
      assertThat(spark().read().format("delta").load(warehouse.gold(table)).schema())
          .as(table)
          .isEqualTo(contracts().gold(table).sparkSchema());
    }
  }
}

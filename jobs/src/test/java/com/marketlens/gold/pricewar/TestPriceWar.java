package com.marketlens.gold.pricewar;

import static org.assertj.core.api.Assertions.assertThat;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.refine.RefineJob;
import com.marketlens.schema.Contracts;
import com.marketlens.schema.GoldTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The price-war tables on a small market worked out by hand (numbers in the comments), through the
 * real path: scraped files, ingest, refine, gold. Region cn-east throughout.
 */
class TestPriceWar extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;

  @AfterAll
  static void backToInterpreted() {
    useInterpretedCode();
  }

  @BeforeAll
  static void build() {
    // Hand-worked values: checked against the compiled code that cluster runs execute.
    useCompiledCode();
    Path input = tmp.resolve("input");
    Fixtures.write(
        input,
        "fx_rates",
        "2024-01-10_a.csv",
        "date,currency,cny_per_unit",
        "2020-01-01,USD,7.2",
        "2020-05-01,USD,7.0",
        "2020-06-01,USD,6.5");
    Fixtures.write(
        input,
        "cloud_prices",
        "2024-01-10_a.csv",
        "observed_on,vendor,product,region,unit,list_price,currency,discount",
        // aliyun bandwidth: Jan 10 x 0.8 = 8 and 10 x 0.6 = 6 (median 7, min 6); Feb 10 at 7折 = 7;
        // no March;
        // Apr 8 at 5折 = 4; May 1 USD x 7.0 = 7; Jun 1 USD x 6.5 = 6.5.
        "2020-01-05,aliyun,bandwidth,cn-east,元/Mbps/月,10,CNY,20%",
        "2020-01-20,阿里云,bandwidth,cn-east,元/Mbps/月,10,CNY,0.4",
        "2020-02-10,aliyun,bandwidth,cn-east,元/Mbps/月,10,CNY,7折",
        "2020-04-10,aliyun,bandwidth,cn-east,元/Mbps/月,8,CNY,5折",
        "2020-05-10,aliyun,bandwidth,cn-east,USD/Mbps/月,1,USD,",
        "2020-06-10,aliyun,bandwidth,cn-east,USD/Mbps/月,1,USD,",
        // tencentcloud bandwidth: 6, 5, 5, 4 (Jan-Apr), then gone.
        "2020-01-10,tencentcloud,bandwidth,cn-east,元/Mbps/月,6,CNY,",
        "2020-02-10,tencentcloud,bandwidth,cn-east,元/Mbps/月,5,CNY,",
        "2020-03-10,tencentcloud,bandwidth,cn-east,元/Mbps/月,5,CNY,",
        "2020-04-10,tencentcloud,bandwidth,cn-east,元/Mbps/月,4,CNY,",
        // tencentcloud cdn: 1.0, 1.0, 1.0, 0.8 (down 20% in 3 months), 0.55 (below the 0.6 cost),
        // 0.9.
        "2020-01-10,tencentcloud,cdn,cn-east,元/GB,1.0,CNY,",
        "2020-02-10,tencentcloud,cdn,cn-east,元/GB,1.0,CNY,",
        "2020-03-10,tencentcloud,cdn,cn-east,元/GB,1.0,CNY,",
        "2020-04-10,tencentcloud,cdn,cn-east,元/GB,0.8,CNY,",
        "2020-05-10,tencentcloud,cdn,cn-east,元/GB,0.55,CNY,",
        "2020-06-10,tencentcloud,cdn,cn-east,元/GB,0.9,CNY,",
        // compute: ucloud at its cost (50) in January only; aliyun at 60 all along.
        "2020-01-10,ucloud,compute,cn-east,元/vCPU/月,50,CNY,",
        "2020-01-10,aliyun,compute,cn-east,元/vCPU/月,60,CNY,",
        "2020-06-10,aliyun,compute,cn-east,元/vCPU/月,60,CNY,");
    Fixtures.write(
        input,
        "cloud_unit_costs",
        "2024-01-10_a.csv",
        "month,vendor,product,region,unit,unit_cost,currency",
        "2020-01,market,bandwidth,cn-east,元/Mbps/月,6,CNY",
        "2020-05,market,bandwidth,cn-east,元/Mbps/月,5,CNY",
        "2020-02,aliyun,bandwidth,cn-east,元/Mbps/月,5.5,CNY",
        "2020-01,market,cdn,cn-east,元/GB,0.6,CNY",
        "2020-01,market,compute,cn-east,元/vCPU/月,50,CNY");
    Fixtures.write(
        input,
        "cloud_financials",
        "2024-01-10_a.csv",
        "period,vendor,segment,revenue,cost_of_revenue,currency",
        // 2020: the year row, and quarters that must not be added to it.
        "2020,ksyun,cdn,100,140,CNY",
        "2020Q1,ksyun,cdn,25,35,CNY",
        "2020Q2,ksyun,cdn,25,35,CNY",
        "2020Q3,ksyun,cdn,25,35,CNY",
        "2020Q4,ksyun,cdn,25,35,CNY",
        "2020,ksyun,public_cloud,300,200,CNY",
        // 2021 from quarters: 90 and 72; 2022 mixed: H1 30/30 + Q3 20/25 + Q4 30/35 = 80/90.
        "2021Q1,ksyun,cdn,10,8,CNY",
        "2021Q2,ksyun,cdn,20,16,CNY",
        "2021Q3,ksyun,cdn,30,24,CNY",
        "2021Q4,ksyun,cdn,30,24,CNY",
        "2021,ksyun,public_cloud,90,80,CNY",
        "2022H1,ksyun,cdn,30,30,CNY",
        "2022Q3,ksyun,cdn,20,25,CNY",
        "2022Q4,ksyun,cdn,30,35,CNY",
        // 2023 only half covered; 2024 from halves.
        "2023H1,ksyun,cdn,200,100,CNY",
        "2024H1,ksyun,cdn,10,10,CNY",
        "2024H2,ksyun,cdn,10,10,CNY",
        // US dollars at the rate in force on 2020-12-31 (6.5): 65 and 78.
        "2020,wangsu,cdn,10,12,USD");
    // Explicit exits: tencentcloud announces leaving CDN (still priced) and bandwidth (also no
    // prices for 2
    // months); the SNS-era event is no exit.
    Fixtures.write(
        input,
        "market_events",
        "2024-01-10_a.csv",
        "date,actor,site,event,description",
        "2020-06-20,Tencent Cloud,,Tencent Cloud exits CDN,",
        "2020-05-01,腾讯云,,价格调整,退出带宽市场",
        "2009-05-15,腾讯,开心网,QQ Farm launch,");
    PipelineConf conf =
        conf(
            input,
            tmp.resolve("warehouse"),
            "2025-01-01",
            Map.of(
                "marketlens.pricewar.exit-months",
                "2",
                "marketlens.quality.max-quarantine-share",
                "0"));
    warehouse = new Warehouse(conf.warehouse());
    Contracts contracts = contracts();
    List<String> cloud =
        List.of(
            "fx_rates", "cloud_prices", "cloud_unit_costs", "cloud_financials", "market_events");
    new IngestJob(new JobContext(spark(), conf, contracts, "pw")).run(cloud);
    new RefineJob(new JobContext(spark(), conf, contracts, "pw")).run(cloud);
    new PriceWarJob(new JobContext(spark(), conf, contracts, "pw")).run();
  }

  private static List<String> rows(String table, String columns, String where) {
    return goldRows(warehouse, table, columns, where, "1, 2, 3", PLAIN_DECIMALS);
  }

  @Test
  void priceIndexHasMediansMinimaChangesAndRanksButNoInventedMonths() {
    assertThat(
            rows(
                GoldTables.PRICE_INDEX_MONTHLY,
                "month, vendor, median_effective_price, min_effective_price, observations, price_change_3m, price_rank",
                "product = 'bandwidth'"))
        .containsExactly(
            "2020-01-01|aliyun|7|6|2|null|2",
            "2020-01-01|tencentcloud|6|6|1|null|1",
            "2020-02-01|aliyun|7|7|1|null|2",
            "2020-02-01|tencentcloud|5|5|1|null|1",
            "2020-03-01|tencentcloud|5|5|1|null|1",
            "2020-04-01|aliyun|4|4|1|-0.428571428571|1",
            "2020-04-01|tencentcloud|4|4|1|-0.333333333333|1",
            "2020-05-01|aliyun|7|7|1|0|1",
            "2020-06-01|aliyun|6.5|6.5|1|null|1");
  }

  @Test
  void unitEconomicsUseTheVendorCostElseTheMarketCostCarriedForward() {
    assertThat(
            rows(
                GoldTables.UNIT_ECONOMICS_MONTHLY,
                "month, vendor, effective_price, unit_cost, cost_source, cost_month, unit_margin, margin_ratio, loss_ratio,"
                    + " below_cost, subsidy_per_unit",
                "product = 'bandwidth'"))
        .containsExactly(
            "2020-01-01|aliyun|7|6|market|2020-01-01|1|0.142857142857|0|false|0",
            "2020-01-01|tencentcloud|6|6|market|2020-01-01|0|0|0|false|0",
            "2020-02-01|aliyun|7|5.5|vendor|2020-02-01|1.5|0.214285714286|0|false|0",
            "2020-02-01|tencentcloud|5|6|market|2020-01-01|-1|-0.2|0.2|true|1",
            "2020-03-01|tencentcloud|5|6|market|2020-01-01|-1|-0.2|0.2|true|1",
            "2020-04-01|aliyun|4|5.5|vendor|2020-02-01|-1.5|-0.375|0.375|true|1.5",
            // The story's numbers: sold at 4 against a cost of 6, loss ratio 0.5, margin ratio
            // -0.5.
            "2020-04-01|tencentcloud|4|6|market|2020-01-01|-2|-0.5|0.5|true|2",
            "2020-05-01|aliyun|7|5.5|vendor|2020-02-01|1.5|0.214285714286|0|false|0",
            "2020-06-01|aliyun|6.5|5.5|vendor|2020-02-01|1|0.153846153846|0|false|0");
  }

  @Test
  void priceWarMonthsMergeIntoPeriods() {
    // bandwidth market medians: Jan 6, Feb 6 (not below the cost of 6), Mar 5 and Apr 4 (below),
    // May 7, Jun 6.5
    // (above the new cost of 5). cdn: Apr is down 20% on Jan, May is below cost: one period from
    // both rules.
    assertThat(
            rows(
                GoldTables.PRICE_WAR_PERIODS,
                "product, start_month, end_month, months, vendors_below_cost, price_leader, deepest_price_to_cost,"
                    + " total_price_decline",
                "true"))
        .containsExactly(
            "bandwidth|2020-03-01|2020-04-01|2|ArraySeq(aliyun, tencentcloud)|tencentcloud|0.666666666667|0.333333333333",
            "cdn|2020-04-01|2020-05-01|2|ArraySeq(tencentcloud)|tencentcloud|0.916666666667|0.45");
  }

  @Test
  void segmentLossCombinesPeriodsIntoYearsWithoutDoubleCounting() {
    assertThat(
            rows(
                GoldTables.VENDOR_SEGMENT_LOSS,
                "vendor, segment, year, source, complete, revenue, cost_of_revenue, gross_margin, loss_ratio, subsidy,"
                    + " segment_share, is_revenue_peak",
                "true"))
        .containsExactly(
            "ksyun|cdn|2020|year|true|100|140|-0.4|0.4|40|0.25|true",
            "ksyun|cdn|2021|quarters|true|90|72|0.2|0|0|0.5|false",
            "ksyun|cdn|2022|mixed|true|80|90|-0.125|0.125|10|1|false",
            "ksyun|cdn|2023|partial|false|200|100|0.5|0|0|1|false",
            "ksyun|cdn|2024|halves|true|20|20|0|0|0|1|false",
            "ksyun|public_cloud|2020|year|true|300|200|0.333333333333|0|0|0.75|true",
            "ksyun|public_cloud|2021|year|true|90|80|0.111111111111|0|0|0.5|false",
            "wangsu|cdn|2020|year|true|65|78|-0.2|0.2|13|1|true");
  }

  @Test
  void exitsAndSurvival() {
    assertThat(
            rows(
                GoldTables.VENDOR_EXITS,
                "vendor, product, last_month, months_absent, exit_basis, exit_event, exit_event_date, margin_ratio_at_exit,"
                    + " at_break_even",
                "true"))
        .containsExactly(
            "tencentcloud|bandwidth|2020-04-01|2|prices+event|价格调整|2020-05-01|-0.5|false",
            "tencentcloud|cdn|2020-06-01|0|event|Tencent Cloud exits CDN|2020-06-20|0.333333333333|false",
            "ucloud|compute|2020-01-01|5|prices|null|null|0|true");
    // Cost ranks in price-war months: bandwidth Mar (tencentcloud alone: 1), Apr (aliyun 5.5: 1,
    // tencentcloud 6: 2).
    assertThat(
            rows(
                GoldTables.VENDOR_SURVIVAL,
                "product, vendor, price_war_months, avg_cost_rank, survived",
                "true"))
        .containsExactly(
            "bandwidth|aliyun|1|1.0|true",
            "bandwidth|tencentcloud|2|1.5|false",
            "cdn|tencentcloud|2|1.0|false",
            "compute|aliyun|0|null|true",
            "compute|ucloud|0|null|false");
  }

  @Test
  void goldTablesHaveTheContractSchemaAndAreAudited() {
    Contracts contracts = contracts();
    for (String table : GoldTables.PRICE_WAR) {
      assertThat(spark().read().format("delta").load(warehouse.gold(table)).schema())
          .as(table)
          .isEqualTo(contracts.gold(table).sparkSchema());
    }
    Map<String, Long> audited =
        sql(
                "SELECT dataset, rows_loaded FROM delta.`%s` WHERE stage = 'gold'",
                warehouse.pipelineRuns())
            .stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(audited)
        .containsEntry("price_war_periods", 2L)
        .containsEntry("vendor_exits", 3L)
        .containsEntry("price_index_monthly", 18L);
  }
}

package com.marketlens.gold.pricewar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.marketlens.Fixtures;
import com.marketlens.SparkTestBase;
import com.marketlens.config.PipelineConf;
import com.marketlens.ingest.IngestJob;
import com.marketlens.io.Warehouse;
import com.marketlens.pipeline.JobContext;
import com.marketlens.refine.RefineJob;
import com.marketlens.schema.Contracts;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A price in US dollars converted to yuan keeps every digit up to the ratios: aliyun cdn overseas
 * in February 2018 lists 0.066 USD/GB at 6.6214 CNY per USD = 0.4370124 CNY, 30% off = 0.30590868,
 * against a market unit cost of 0.4. By hand: loss ratio = (0.4 - 0.30590868) / 0.30590868 =
 * 0.307579765307738... (rounding the converted price to 6 decimals first, as silver once did, gives
 * 0.3075784).
 */
class TestConvertedPrices extends SparkTestBase {

  @TempDir static Path tmp;

  private static Warehouse warehouse;

  @BeforeAll
  static void build() {
    Path input = tmp.resolve("input");
    Fixtures.write(
        input,
        "fx_rates",
        "2024-01-10_a.csv",
        "date,currency,cny_per_unit",
        "2018-01-01,USD,6.6214");
    Fixtures.write(
        input,
        "cloud_prices",
        "2024-01-10_a.csv",
        "observed_on,vendor,product,region,unit,list_price,currency,discount",
        "2018-02-10,aliyun,cdn,overseas,USD/GB,0.066,USD,30%");
    Fixtures.write(
        input,
        "cloud_unit_costs",
        "2024-01-10_a.csv",
        "month,vendor,product,region,unit,unit_cost,currency",
        "2018-02,market,cdn,overseas,元/GB,0.4,CNY");
    Fixtures.write(
        input,
        "cloud_financials",
        "2024-01-10_a.csv",
        "period,vendor,segment,revenue,cost_of_revenue,currency",
        "2018,aliyun,cdn,3,4,CNY");
    PipelineConf conf = conf(input, tmp.resolve("warehouse"), "2024-01-31", Map.of());
    warehouse = new Warehouse(conf.warehouse());
    Contracts contracts = contracts();
    JobContext job = new JobContext(spark(), conf, contracts, "converted");
    List<String> datasets =
        List.of("fx_rates", "cloud_prices", "cloud_unit_costs", "cloud_financials");
    new IngestJob(job).run(datasets);
    new RefineJob(job).run(datasets);
    new PriceWarJob(job).run();
  }

  @Test
  void theConvertedListPriceIsExactInSilver() {
    Row r = sql("SELECT list_price_cny FROM delta.`%s`", warehouse.silver("cloud_prices")).get(0);
    assertThat((BigDecimal) r.get(0)).isEqualByComparingTo("0.4370124");
  }

  @Test
  void theLossRatioOfAConvertedPriceIsExactTo1e9() {
    Row r =
        sql(
                "SELECT effective_price, unit_cost, unit_margin, margin_ratio, loss_ratio, subsidy_per_unit,"
                    + " below_cost FROM delta.`%s` WHERE vendor = 'aliyun' AND region = 'overseas'",
                warehouse.gold("unit_economics_monthly"))
            .get(0);
    assertThat((BigDecimal) r.get(0)).isEqualByComparingTo("0.30590868");
    assertThat((BigDecimal) r.get(1)).isEqualByComparingTo("0.4");
    assertThat((BigDecimal) r.get(2)).isEqualByComparingTo("-0.09409132");
    assertThat(((BigDecimal) r.get(3)).doubleValue()).isCloseTo(-0.3075797653077382, within(1e-9));
    assertThat(((BigDecimal) r.get(4)).doubleValue()).isCloseTo(0.3075797653077382, within(1e-9));
    assertThat((BigDecimal) r.get(5)).isEqualByComparingTo("0.09409132");
    assertThat(r.getBoolean(6)).isTrue();
  }

  @Test
  void thePriceIndexKeepsTheExactEffectivePrice() {
    Row r =
        sql(
                "SELECT median_effective_price, min_effective_price FROM delta.`%s`",
                warehouse.gold("price_index_monthly"))
            .get(0);
    assertThat((BigDecimal) r.get(0)).isEqualByComparingTo("0.30590868");
    assertThat((BigDecimal) r.get(1)).isEqualByComparingTo("0.30590868");
  }

  @Test
  void segmentRatiosCarryTwelveDecimals() {
    // Revenue 3, cost of revenue 4: loss ratio 1/3, gross margin -1/3.
    Row r =
        sql(
                "SELECT gross_margin, loss_ratio FROM delta.`%s`",
                warehouse.gold("vendor_segment_loss"))
            .get(0);
    assertThat((BigDecimal) r.get(0)).isEqualByComparingTo("-0.333333333333");
    assertThat((BigDecimal) r.get(1)).isEqualByComparingTo("0.333333333333");
  }
}

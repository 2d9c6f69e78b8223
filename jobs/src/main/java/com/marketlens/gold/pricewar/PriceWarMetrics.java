package com.marketlens.gold.pricewar;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.marketlens.gold.Months;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * The price-war metrics as Dataset-in, Dataset-out steps (no I/O). Every definition is written in
 * docs/metrics.md and the gold contracts; the tests check them against numbers worked out by hand.
 */
public final class PriceWarMetrics {

  private static final Column ZERO = lit(0.0);

  private PriceWarMetrics() {}

  /**
   * Each silver price observation with effective_price = list_price_cny x (1 - discount), exact:
   * the one-digit literal keeps Spark's decimal product at 19 decimals (a wider operand would make
   * Spark cut the scale to fit 38 digits). Medians are doubles (Spark's percentile), and so is
   * everything computed from them: ratios carry about 16 significant digits and are rounded only by
   * the gold contract's type.
   */
  public static Dataset<Row> observations(Dataset<Row> prices) {
    return prices.select(
        col("product"),
        col("region"),
        col("vendor"),
        col("observed_month").as("month"),
        col("unit"),
        col("list_price_cny")
            .multiply(lit(BigDecimal.ONE).minus(col("discount")))
            .as("effective_price"));
  }

  /** price_index_monthly: median and min effective price per vendor-month, changes and rank. */
  public static Dataset<Row> priceIndex(Dataset<Row> observations) {
    Dataset<Row> monthly =
        observations
            .groupBy("product", "region", "vendor", "month", "unit")
            .agg(
                expr("percentile(effective_price, 0.5)").as("median_effective_price"),
                min("effective_price").as("min_effective_price"),
                count("*").as("observations"));
    Column peers =
        col("product")
            .equalTo(col("p_product"))
            .and(col("region").equalTo(col("p_region")))
            .and(col("vendor").equalTo(col("p_vendor")));
    return monthly
        .join(
            earlier(monthly, 3, "p3"),
            peers.and(col("month").equalTo(add_months(col("p_month"), 3))),
            "left")
        .drop("p_product", "p_region", "p_vendor", "p_month")
        .join(
            earlier(monthly, 12, "p12"),
            peers.and(col("month").equalTo(add_months(col("p_month"), 12))),
            "left")
        .drop("p_product", "p_region", "p_vendor", "p_month")
        .withColumn("price_change_3m", col("median_effective_price").divide(col("p3")).minus(1))
        .withColumn("price_change_12m", col("median_effective_price").divide(col("p12")).minus(1))
        .withColumn(
            "price_rank",
            rank()
                .over(
                    Window.partitionBy("product", "region", "month")
                        .orderBy(col("median_effective_price"))));
  }

  private static Dataset<Row> earlier(Dataset<Row> monthly, int months, String alias) {
    return monthly.select(
        col("product").as("p_product"),
        col("region").as("p_region"),
        col("vendor").as("p_vendor"),
        col("month").as("p_month"),
        col("median_effective_price").as(alias));
  }

  /**
   * unit_economics_monthly: the month's median effective price against the unit cost: the vendor's
   * latest own estimate at or before the month, else the latest market estimate (both carried
   * forward).
   */
  public static Dataset<Row> unitEconomics(Dataset<Row> priceIndex, Dataset<Row> unitCosts) {
    Dataset<Row> keys =
        priceIndex.select(
            col("product"),
            col("region"),
            col("vendor"),
            col("month"),
            col("median_effective_price").as("effective_price"));
    Dataset<Row> own =
        latestCost(keys, unitCosts.where(col("vendor").notEqual("market")), true, "own");
    Dataset<Row> market =
        latestCost(keys, unitCosts.where(col("vendor").equalTo("market")), false, "mkt");
    Column unitCost = coalesce(col("own_cost"), col("mkt_cost"));
    // The median price is a double, so the cost is one in the arithmetic; unit_cost itself keeps
    // silver's decimal.
    Column cost = unitCost.cast(DataTypes.DoubleType);
    return keys.join(own, new String[] {"product", "region", "vendor", "month"}, "left")
        .join(market, new String[] {"product", "region", "vendor", "month"}, "left")
        .withColumn("unit_cost", unitCost)
        .withColumn(
            "cost_source",
            when(col("own_cost").isNotNull(), lit("vendor"))
                .when(col("mkt_cost").isNotNull(), lit("market")))
        .withColumn("cost_month", coalesce(col("own_month"), col("mkt_month")))
        .withColumn("unit_margin", col("effective_price").minus(cost))
        .withColumn("margin_ratio", col("unit_margin").divide(col("effective_price")))
        .withColumn(
            "loss_ratio",
            greatest(cost.minus(col("effective_price")), ZERO).divide(col("effective_price")))
        .withColumn("below_cost", col("effective_price").lt(cost))
        .withColumn("subsidy_per_unit", greatest(cost.minus(col("effective_price")), ZERO));
  }

  /**
   * The latest cost estimate at or before each key's month: (key, <prefix>_cost, <prefix>_month).
   */
  private static Dataset<Row> latestCost(
      Dataset<Row> keys, Dataset<Row> costs, boolean byVendor, String prefix) {
    Dataset<Row> c =
        costs.select(
            col("product").as("c_product"),
            col("region").as("c_region"),
            col("vendor").as("c_vendor"),
            col("month").as("c_month"),
            col("unit_cost_cny").as("c_cost"));
    Column on =
        col("product")
            .equalTo(col("c_product"))
            .and(col("region").equalTo(col("c_region")))
            .and(col("c_month").leq(col("month")));
    if (byVendor) {
      on = on.and(col("vendor").equalTo(col("c_vendor")));
    }
    return keys.join(c, on)
        .groupBy("product", "region", "vendor", "month")
        .agg(max_by(struct(col("c_month"), col("c_cost")), col("c_month")).as("latest"))
        .select(
            col("product"),
            col("region"),
            col("vendor"),
            col("month"),
            col("latest.c_cost").as(prefix + "_cost"),
            col("latest.c_month").as(prefix + "_month"));
  }

  /**
   * The market per product, region and month: median effective price over all vendors'
   * observations, the market cost estimate in force, and whether the month is a price-war month
   * (median below market cost, or down by more than {@code dropShare} against three months
   * earlier).
   */
  public static Dataset<Row> marketMonths(
      Dataset<Row> observations, Dataset<Row> unitCosts, double dropShare) {
    Dataset<Row> market =
        observations
            .groupBy("product", "region", "month")
            .agg(expr("percentile(effective_price, 0.5)").as("market_median"))
            .withColumn("vendor", lit("market"));
    Dataset<Row> cost =
        latestCost(
            market.select("product", "region", "vendor", "month"),
            unitCosts.where(col("vendor").equalTo("market")),
            false,
            "mkt");
    Dataset<Row> before =
        market.select(
            col("product").as("b_product"),
            col("region").as("b_region"),
            col("month").as("b_month"),
            col("market_median").as("median_3m_before"));
    return market
        .join(cost, new String[] {"product", "region", "vendor", "month"}, "left")
        .join(
            before,
            col("product")
                .equalTo(col("b_product"))
                .and(col("region").equalTo(col("b_region")))
                .and(col("month").equalTo(add_months(col("b_month"), 3))),
            "left")
        .withColumn(
            "price_war",
            coalesce(col("market_median").lt(col("mkt_cost")), lit(false))
                .or(
                    coalesce(
                        col("market_median").lt(col("median_3m_before").multiply(1 - dropShare)),
                        lit(false))))
        .select(
            col("product"),
            col("region"),
            col("month"),
            col("market_median"),
            col("mkt_cost").as("market_cost"),
            col("price_war"));
  }

  /**
   * price_war_periods: consecutive price-war months merged into periods, with who was below cost
   * and who cut first.
   */
  public static Dataset<Row> priceWarPeriods(
      Dataset<Row> marketMonths, Dataset<Row> economics, Dataset<Row> priceIndex) {
    Column monthIndex = Months.index(col("month"));
    Dataset<Row> periods =
        marketMonths
            .where(col("price_war"))
            .withColumn(
                "island",
                monthIndex.minus(
                    row_number().over(Window.partitionBy("product", "region").orderBy("month"))))
            .groupBy("product", "region", "island")
            .agg(
                min("month").as("start_month"),
                max("month").as("end_month"),
                count("*").cast("int").as("months"))
            .drop("island");
    Column inPeriod =
        col("e.product")
            .equalTo(col("w.product"))
            .and(col("e.region").equalTo(col("w.region")))
            .and(col("e.month").between(col("w.start_month"), col("w.end_month")));
    Dataset<Row> vendorStats =
        periods
            .as("w")
            .join(economics.as("e"), inPeriod, "left")
            .groupBy(col("w.product"), col("w.region"), col("w.start_month"))
            .agg(
                array_sort(collect_set(when(col("e.below_cost"), col("e.vendor"))))
                    .as("vendors_below_cost"),
                min(col("e.effective_price").divide(col("e.unit_cost")))
                    .as("deepest_price_to_cost"));
    Dataset<Row> cuts =
        priceIndex
            .as("c")
            .join(
                priceIndex.as("p"),
                col("c.product")
                    .equalTo(col("p.product"))
                    .and(col("c.region").equalTo(col("p.region")))
                    .and(col("c.vendor").equalTo(col("p.vendor")))
                    .and(col("c.month").equalTo(add_months(col("p.month"), 1))))
            .where(col("c.median_effective_price").lt(col("p.median_effective_price")))
            .select(
                col("c.product").as("product"),
                col("c.region").as("region"),
                col("c.vendor").as("vendor"),
                col("c.month").as("month"),
                lit(1)
                    .minus(col("c.median_effective_price").divide(col("p.median_effective_price")))
                    .as("drop"));
    Dataset<Row> leaders =
        periods
            .as("w")
            .join(
                cuts.as("k"),
                col("k.product")
                    .equalTo(col("w.product"))
                    .and(col("k.region").equalTo(col("w.region")))
                    .and(
                        col("k.month")
                            .between(add_months(col("w.start_month"), -3), col("w.end_month"))))
            .withColumn(
                "pick",
                row_number()
                    .over(
                        Window.partitionBy(col("w.product"), col("w.region"), col("w.start_month"))
                            .orderBy(col("k.month"), col("k.drop").desc(), col("k.vendor"))))
            .where(col("pick").equalTo(1))
            .select(
                col("w.product").as("product"),
                col("w.region").as("region"),
                col("w.start_month").as("start_month"),
                col("k.vendor").as("price_leader"));
    Dataset<Row> m =
        marketMonths.select(
            col("product").as("m_product"),
            col("region").as("m_region"),
            col("month").as("m_month"),
            col("market_median"));
    Dataset<Row> withMedians =
        periods
            .join(
                m.withColumnRenamed("market_median", "median_end"),
                col("product")
                    .equalTo(col("m_product"))
                    .and(col("region").equalTo(col("m_region")))
                    .and(col("end_month").equalTo(col("m_month"))),
                "left")
            .drop("m_product", "m_region", "m_month")
            .join(
                m.withColumnRenamed("market_median", "median_before"),
                col("product")
                    .equalTo(col("m_product"))
                    .and(col("region").equalTo(col("m_region")))
                    .and(col("m_month").equalTo(add_months(col("start_month"), -1))),
                "left")
            .drop("m_product", "m_region", "m_month")
            .join(
                m.withColumnRenamed("market_median", "median_start"),
                col("product")
                    .equalTo(col("m_product"))
                    .and(col("region").equalTo(col("m_region")))
                    .and(col("m_month").equalTo(col("start_month"))),
                "left")
            .drop("m_product", "m_region", "m_month")
            .withColumn(
                "total_price_decline",
                lit(1)
                    .minus(
                        col("median_end")
                            .divide(coalesce(col("median_before"), col("median_start")))));
    String[] key = {"product", "region", "start_month"};
    return withMedians.join(vendorStats, key, "left").join(leaders, key, "left");
  }

  /**
   * vendor_segment_loss: reported periods combined into years without counting any month twice: the
   * year's own row if reported; else each half from its own row or from both its quarters.
   */
  public static Dataset<Row> segmentLoss(Dataset<Row> financials) {
    Dataset<Row> f =
        financials.withColumn(
            "half",
            when(col("period_type").equalTo("half"), expr("month(period_start) div 7 + 1"))
                .when(
                    col("period_type").equalTo("quarter"),
                    expr("(month(period_start) - 1) div 6 + 1")));
    String[] seg = {"vendor", "segment", "year"};
    Dataset<Row> years =
        f.where(col("period_type").equalTo("year"))
            .select(
                col("vendor"),
                col("segment"),
                col("year"),
                col("revenue_cny").as("y_rev"),
                col("cost_of_revenue_cny").as("y_cost"));
    Dataset<Row> halves =
        f.where(col("period_type").equalTo("half"))
            .select(
                col("vendor"),
                col("segment"),
                col("year"),
                col("half"),
                col("revenue_cny").as("h_rev"),
                col("cost_of_revenue_cny").as("h_cost"));
    Dataset<Row> quarterHalves =
        f.where(col("period_type").equalTo("quarter"))
            .groupBy("vendor", "segment", "year", "half")
            .agg(
                sum("revenue_cny").as("q_rev"),
                sum("cost_of_revenue_cny").as("q_cost"),
                count("*").as("quarters"));
    Dataset<Row> halfValues =
        halves
            .join(quarterHalves, new String[] {"vendor", "segment", "year", "half"}, "full_outer")
            .withColumn(
                "from",
                when(col("h_rev").isNotNull(), lit("halves"))
                    .when(col("quarters").equalTo(2), lit("quarters"))
                    .otherwise(lit("partial")))
            .withColumn("rev", coalesce(col("h_rev"), col("q_rev")))
            .withColumn("cost", coalesce(col("h_cost"), col("q_cost")))
            .groupBy("vendor", "segment", "year")
            .agg(
                sum("rev").as("hv_rev"),
                sum("cost").as("hv_cost"),
                expr("count_if(from != 'partial') = 2").as("hv_complete"),
                expr("CASE WHEN count(DISTINCT from) = 1 THEN first(from) ELSE 'mixed' END")
                    .as("hv_source"));
    Dataset<Row> combined =
        years
            .join(halfValues, seg, "full_outer")
            .withColumn(
                "source",
                when(col("y_rev").isNotNull(), lit("year"))
                    .when(col("hv_complete"), col("hv_source"))
                    .otherwise(lit("partial")))
            .withColumn(
                "complete", col("y_rev").isNotNull().or(coalesce(col("hv_complete"), lit(false))))
            .withColumn("revenue", coalesce(col("y_rev"), col("hv_rev")))
            .withColumn("cost_of_revenue", coalesce(col("y_cost"), col("hv_cost")));
    Column revenue = col("revenue");
    Column positiveRevenue = revenue.gt(0);
    // Money sums stay decimal (exact); ratios are taken in double: a decimal division of these wide
    // sums
    // would be cut to 6 decimals by Spark.
    Column revenueD = revenue.cast(DataTypes.DoubleType);
    return combined
        .withColumn("gross_profit", revenue.minus(col("cost_of_revenue")))
        .withColumn(
            "gross_margin",
            when(positiveRevenue, col("gross_profit").cast(DataTypes.DoubleType).divide(revenueD)))
        .withColumn(
            "loss_ratio",
            when(
                positiveRevenue,
                greatest(col("cost_of_revenue").minus(revenue), lit(0))
                    .cast(DataTypes.DoubleType)
                    .divide(revenueD)))
        .withColumn("subsidy", greatest(col("cost_of_revenue").minus(revenue), lit(0)))
        .withColumn(
            "segment_share",
            revenueD.divide(
                sum(revenue).over(Window.partitionBy("vendor", "year")).cast(DataTypes.DoubleType)))
        .withColumn(
            "is_revenue_peak",
            col("complete")
                .and(
                    revenue.equalTo(
                        max(when(col("complete"), revenue))
                            .over(Window.partitionBy("vendor", "segment")))));
  }

  /** Words that mark a market event as a vendor leaving a product (event name or description). */
  static final String EXIT_WORDS = "(?i)\\b(exits?|quits?|leaves|withdraws?)\\b|退出";

  /** How each product is named in event texts. */
  static final Map<String, String> PRODUCT_WORDS =
      Map.of(
          "cdn",
          "(?i)\\bcdn\\b",
          "bandwidth",
          "(?i)\\bbandwidth\\b|带宽",
          "compute",
          "(?i)\\bcompute\\b|云主机|计算",
          "storage",
          "(?i)\\bstorage\\b|存储");

  /**
   * Explicit exits from market events: the actor is the vendor, the event or its description says
   * it leaves (EXIT_WORDS) and names the product (PRODUCT_WORDS). One row per vendor and product:
   * the earliest event.
   */
  public static Dataset<Row> exitEvents(Dataset<Row> marketEvents) {
    Dataset<Row> texts =
        marketEvents
            .select(
                col("actor").as("vendor"),
                col("date"),
                col("event"),
                expr("concat_ws(' ', event, description)").as("text"))
            .where(col("text").rlike(EXIT_WORDS));
    Dataset<Row> byProduct = null;
    for (Map.Entry<String, String> p : new TreeMap<>(PRODUCT_WORDS).entrySet()) {
      Dataset<Row> matches =
          texts.where(col("text").rlike(p.getValue())).withColumn("product", lit(p.getKey()));
      byProduct = byProduct == null ? matches : byProduct.unionByName(matches);
    }
    return byProduct
        .groupBy("vendor", "product")
        .agg(min("date").as("exit_event_date"), expr("min_by(event, date)").as("exit_event"));
  }

  /**
   * vendor_exits: vendors whose last price for a product lies at least {@code exitMonths} before
   * the market's last month for it, or who announced leaving it in a market event.
   */
  public static Dataset<Row> vendorExits(
      Dataset<Row> economics, Dataset<Row> exitEvents, int exitMonths, double breakEvenBand) {
    Dataset<Row> last = economics.groupBy("vendor", "product").agg(max("month").as("last_month"));
    Dataset<Row> marketLast = economics.groupBy("product").agg(max("month").as("market_last"));
    Dataset<Row> atExit =
        economics
            .groupBy("vendor", "product", "month")
            .agg(avg("margin_ratio").as("margin_ratio_at_exit"));
    Column absent = col("months_absent").geq(exitMonths);
    Column announced = col("exit_event").isNotNull();
    return last.join(marketLast, "product")
        .withColumn(
            "months_absent", months_between(col("market_last"), col("last_month")).cast("int"))
        .join(exitEvents, new String[] {"vendor", "product"}, "left")
        .where(absent.or(announced))
        .withColumn(
            "exit_basis",
            when(absent.and(announced), lit("prices+event"))
                .when(absent, lit("prices"))
                .otherwise(lit("event")))
        .join(
            atExit.withColumnRenamed("month", "last_month"),
            new String[] {"vendor", "product", "last_month"},
            "left")
        .withColumn("at_break_even", abs(col("margin_ratio_at_exit")).leq(breakEvenBand));
  }

  /** vendor_survival: average unit-cost rank during price-war months against survival. */
  public static Dataset<Row> vendorSurvival(
      Dataset<Row> economics, Dataset<Row> marketMonths, Dataset<Row> exits) {
    Dataset<Row> ranked =
        economics
            .where(col("unit_cost").isNotNull())
            .withColumn(
                "cost_rank",
                rank().over(Window.partitionBy("product", "region", "month").orderBy("unit_cost")));
    Dataset<Row> war =
        marketMonths
            .where(col("price_war"))
            .select("product", "region", "month")
            .withColumn("war", lit(true));
    Dataset<Row> vendors = economics.select("product", "vendor").distinct();
    Dataset<Row> inWar =
        ranked
            .join(war, new String[] {"product", "region", "month"})
            .groupBy("product", "vendor")
            .agg(count("*").as("price_war_months"), avg("cost_rank").as("avg_cost_rank"));
    Dataset<Row> exited = exits.select(col("product"), col("vendor"), lit(true).as("exited"));
    return vendors
        .join(inWar, new String[] {"product", "vendor"}, "left")
        .join(exited, new String[] {"product", "vendor"}, "left")
        .withColumn("price_war_months", coalesce(col("price_war_months"), lit(0L)))
        .withColumn("survived", col("exited").isNull());
  }
}

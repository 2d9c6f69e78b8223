package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Signup cohorts and growth accounting (definitions: docs/metrics.md#sns-growth). A user is active in a period
 * when they have at least one qualifying event in it; which event types qualify is configuration. Periods
 * are calendar months or Monday-based weeks in Asia/Shanghai (the session time zone).
 */
public final class CohortMetrics {

  /** The value of segment and channel in rollup rows. */
  public static final String ALL = "all";

  private CohortMetrics() {}

  /** The cohort grains. */
  public enum Grain {
    MONTH, WEEK;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** First day of the period holding the instant or date. */
    Column start(Column time) {
      return (this == MONTH ? date_trunc("month", time) : date_trunc("week", time)).cast("date");
    }

    /** Whole periods from {@code from} to {@code to} (both period starts). */
    Column between(Column to, Column from) {
      return this == MONTH ? months_between(to, from).cast("int") : datediff(to, from).divide(7).cast("int");
    }

    Column plus(Column start, Column periods) {
      return this == MONTH ? add_months(start, periods) : date_add(start, periods.multiply(7));
    }
  }

  /** Distinct (site, user_key, period) with a qualifying event. */
  public static Dataset<Row> activePeriods(Dataset<Row> activity, List<String> eventTypes, Grain grain) {
    return activity.filter(col("event_type").isin(eventTypes.toArray()))
        .select(col("site"), col("user_key"), grain.start(col("event_time")).as("period"))
        .distinct();
  }

  /**
   * cohort_retention. For each cohort (registration period), segment and channel, and for each whole period
   * since the cohort's start up to the site's last period with activity: cohort_size (every registered user,
   * active or not), active_users (active in that period), retention_rate = active_users / cohort_size and
   * unbounded_retention_rate (active in that period or any later one). Activity before registration does
   * not count. The four rollups (segment x channel, segment, channel, all) are GROUPING SETS queries over
   * pre-counted rows.
   *
   * <p>Unbounded retention needs no row per user and period: a user counts in every period up to their last
   * active one, so the users still to come back at period p are the users whose last active period is p or
   * later, a running sum (from the last period down) of the users who ended at each period. The active pairs
   * are aggregated twice and never expanded, so the work grows with the activity, not with users x periods.
   */
  public static Dataset<Row> cohortRetention(
      SparkSession spark, Dataset<Row> users, Dataset<Row> activePeriods, Grain grain) {
    Dataset<Row> members = users.select(col("site"), col("user_key"), col("segment"), col("channel"),
        grain.start(col("registered_at")).as("cohort"));
    Dataset<Row> userPeriods = activePeriods.join(members, new String[] {"site", "user_key"})
        .select(col("site"), col("user_key"), col("segment"), col("channel"), col("cohort"),
            grain.between(col("period"), col("cohort")).as("period_index"))
        .filter(col("period_index").geq(0));
    Dataset<Row> lastActive = userPeriods.groupBy("site", "user_key", "segment", "channel", "cohort")
        .agg(max("period_index").as("period_index"));
    Dataset<Row> active =
        rollupCount(spark, userPeriods, "ml_cohort_active_" + grain.code(), "period_index", "active_users");
    Dataset<Row> ended =
        rollupCount(spark, lastActive, "ml_cohort_last_active_" + grain.code(), "period_index", "ended_users");
    Dataset<Row> sizes = rollupCount(spark, members, "ml_cohort_members_" + grain.code(), null, "cohort_size");
    Dataset<Row> lastPeriod = activePeriods.groupBy("site").agg(max("period").as("last_period"));
    Column lastIndex = greatest(lit(0), coalesce(grain.between(col("last_period"), col("cohort")), lit(0)));
    // One row per site: broadcast to the cohort sizes instead of shuffling them.
    Dataset<Row> grid = sizes.join(broadcast(lastPeriod), new String[] {"site"}, "left")
        .withColumn("period_index", explode(sequence(lit(0), lastIndex)));
    String[] groupKey = {"site", "cohort", "segment", "channel", "period_index"};
    WindowSpec laterPeriods = Window.partitionBy("site", "cohort", "segment", "channel")
        .orderBy(col("period_index").desc()).rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column activeUsers = coalesce(col("active_users"), lit(0L));
    return grid.join(active, groupKey, "left").join(ended, groupKey, "left")
        .withColumn("unbounded_users", sum(coalesce(col("ended_users"), lit(0L))).over(laterPeriods))
        .select(col("site"), lit(grain.code()).as("grain"), col("cohort"), col("segment"), col("channel"),
            col("period_index"), grain.plus(col("cohort"), col("period_index")).as("period_start"),
            col("cohort_size"), activeUsers.as("active_users"),
            activeUsers.divide(col("cohort_size")).as("retention_rate"),
            col("unbounded_users").divide(col("cohort_size")).as("unbounded_retention_rate"));
  }

  /**
   * Rows counted per site, cohort[, period column], segment and channel, then rolled up to the four
   * combinations of segment and channel in one GROUPING SETS query (rolled-up segment and channel read
   * {@value #ALL}). Counting first keeps the rollup's fourfold expansion on the small counted table instead
   * of on every user row.
   */
  private static Dataset<Row> rollupCount(
      SparkSession spark, Dataset<Row> rows, String view, String periodColumn, String countColumn) {
    rows.createOrReplaceTempView(view);
    String base = periodColumn == null ? "site, cohort" : "site, cohort, " + periodColumn;
    return spark.sql("SELECT " + base + ","
        + " coalesce(segment, '" + ALL + "') AS segment, coalesce(channel, '" + ALL + "') AS channel,"
        + " sum(n) AS " + countColumn
        + " FROM (SELECT " + base + ", segment, channel, count(*) AS n FROM " + view
        + " GROUP BY " + base + ", segment, channel) GROUP BY GROUPING SETS ("
        + "(" + base + ", segment, channel), (" + base + ", segment), (" + base + ", channel), (" + base + "))");
  }

  /**
   * growth_accounting per site and month, from the site's first to its last month with activity: a user
   * active this month is new (never active before), retained (active last month) or resurrected (active
   * before, not last month); churned counts users active last month and not this one. So MAU(t) = new +
   * retained + resurrected and MAU(t-1) = retained + churned in every row.
   */
  public static Dataset<Row> growthAccounting(Dataset<Row> activeMonths) {
    WindowSpec byUser = Window.partitionBy("site", "user_key").orderBy("period");
    Dataset<Row> span = activeMonths.groupBy("site").agg(min("period").as("first_month"), max("period").as("last_month"));
    Dataset<Row> classified = activeMonths
        .withColumn("previous", lag("period", 1).over(byUser))
        .withColumn("next", lead("period", 1).over(byUser));
    Dataset<Row> states = classified.groupBy(col("site"), col("period").as("month")).agg(
        count(lit(1)).as("mau"),
        sum(when(col("previous").isNull(), 1L).otherwise(0L)).as("new_users"),
        sum(when(col("previous").equalTo(add_months(col("period"), -1)), 1L).otherwise(0L)).as("retained_users"),
        sum(when(col("previous").lt(add_months(col("period"), -1)), 1L).otherwise(0L)).as("resurrected_users"));
    // A user active in m and not in m + 1 churns in m + 1 (only months the data covers).
    Dataset<Row> churn = classified
        .filter(col("next").isNull().or(col("next").gt(add_months(col("period"), 1))))
        .join(broadcast(span), new String[] {"site"}) // one row per site
        .filter(add_months(col("period"), 1).leq(col("last_month")))
        .groupBy(col("site"), add_months(col("period"), 1).as("month")).agg(count(lit(1)).as("churned_users"));
    Dataset<Row> months = span.select(col("site"),
        explode(sequence(col("first_month"), col("last_month"), org.apache.spark.sql.functions.expr("interval 1 month")))
            .as("month"));
    WindowSpec bySite = Window.partitionBy("site").orderBy("month");
    Column zero = lit(0L);
    return months.join(states, new String[] {"site", "month"}, "left")
        .join(churn, new String[] {"site", "month"}, "left")
        .select(col("site"), col("month"),
            coalesce(col("mau"), zero).as("mau"), coalesce(col("new_users"), zero).as("new_users"),
            coalesce(col("retained_users"), zero).as("retained_users"),
            coalesce(col("resurrected_users"), zero).as("resurrected_users"),
            coalesce(col("churned_users"), zero).as("churned_users"))
        .withColumn("previous_mau", coalesce(lag("mau", 1).over(bySite), zero))
        .withColumn("quick_ratio", when(col("churned_users").gt(0),
            col("new_users").plus(col("resurrected_users")).divide(col("churned_users"))))
        .withColumn("mau_growth", when(col("previous_mau").gt(0), col("mau").divide(col("previous_mau")).minus(1)));
  }

  /**
   * channel_growth per site, acquisition channel and registration month: new users, their share of the
   * month's registrations, and the month-3 retention of that cohort and channel (null until month 3 of the
   * cohort has been observed).
   */
  public static Dataset<Row> channelGrowth(Dataset<Row> users, Dataset<Row> monthlyRetention) {
    Dataset<Row> registrations = users.groupBy(col("site"), col("channel"), col("registered_month").as("month"))
        .agg(count(lit(1)).as("new_users"));
    Dataset<Row> month3 = monthlyRetention
        .filter(col("segment").equalTo(ALL).and(col("channel").notEqual(ALL)).and(col("period_index").equalTo(3)))
        .select(col("site"), col("channel"), col("cohort").as("month"), col("retention_rate").as("month3_retention"));
    return registrations.join(month3, new String[] {"site", "channel", "month"}, "left")
        .select(col("site"), col("channel"), col("month"), col("new_users"),
            col("new_users").divide(sum("new_users").over(Window.partitionBy("site", "month"))).as("new_user_share"),
            col("month3_retention"));
  }
}

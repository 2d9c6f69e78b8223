package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.months_between;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Signup cohorts and growth accounting (definitions: docs/metrics.md#sns-growth). A user is active
 * in a period when they have at least one qualifying event in it; which event types qualify is
 * configuration. Periods are calendar months or Monday-based weeks in Asia/Shanghai (the session
 * time zone).
 */
public final class CohortMetrics {

  /** The value of segment and channel in rollup rows. */
  public static final String ALL = "all";

  private CohortMetrics() {}

  /** The cohort grains. */
  public enum Grain {
    MONTH,
    WEEK;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** As the option and the setting spell it. */
    @Override
    public String toString() {
      return code();
    }

    /**
     * First day of the period holding {@code time}; for months that is silver's {@code month}
     * column (the Asia/Shanghai month refine derived), read instead of truncating every timestamp
     * again.
     */
    Column start(Column time, Column month) {
      return this == MONTH ? month : date_trunc("week", time).cast("date");
    }

    /** Whole periods from {@code from} to {@code to} (both period starts). */
    Column between(Column to, Column from) {
      return this == MONTH
          ? months_between(to, from).cast("int")
          : datediff(to, from).divide(7).cast("int");
    }

    /** First day of the period holding {@code day}. */
    LocalDate startOf(LocalDate day) {
      return this == MONTH
          ? day.withDayOfMonth(1)
          : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    Column plus(Column start, Column periods) {
      return this == MONTH ? add_months(start, periods) : date_add(start, periods.multiply(7));
    }
  }

  /**
   * One row per (site, user_key) with a qualifying event: {@code periods}, the distinct periods the
   * user had one in, ascending. The activity is aggregated once, by user: the shuffle carries one
   * row per user and input split (the user key once, not once per period), and the join with the
   * users, the cohort counts and growth accounting all start from these few rows, which the growth
   * job caches.
   */
  public static Dataset<Row> activeHistories(
      Dataset<Row> activity, List<String> eventTypes, Grain grain) {
    return activity
        .filter(col("event_type").isin(eventTypes.toArray()))
        .groupBy("user_key", "site")
        .agg(
            array_sort(collect_set(grain.start(col("event_time"), col("event_month"))))
                .as("periods"));
  }

  /**
   * A row per user and active period of {@code histories} (their other columns kept), with the
   * user's previous and next active period (null for the first and the last one).
   */
  static Dataset<Row> activePeriods(Dataset<Row> histories) {
    Column position = col("position");
    return histories
        .select(col("*"), posexplode(col("periods")).as(new String[] {"position", "period"}))
        .withColumn("previous", when(position.gt(0), element_at(col("periods"), position)))
        .withColumn(
            "next",
            when(
                position.lt(size(col("periods")).minus(1)),
                element_at(col("periods"), position.plus(2))))
        .drop("periods", "position");
  }

  /**
   * cohort_retention. For each cohort (registration period), segment and channel, and for each
   * whole period since the cohort's start up to the site's last period with activity: cohort_size
   * (every registered user, active or not), active_users (active in that period), retention_rate =
   * active_users / cohort_size and unbounded_retention_rate (active in that period or any later
   * one). Activity before registration does not count. The four rollups (segment x channel,
   * segment, channel, all) are GROUPING SETS queries over pre-counted rows.
   *
   * <p>Unbounded retention needs no row per user and period: a user counts in every period up to
   * their last active one, so the users still to come back at period p are the users whose last
   * active period is p or later, a running sum (from the last period down) of the users who ended
   * at each period. Each user's history ({@link #activeHistories}) is joined with the users once,
   * and its active periods are counted once (active and ending users together), never expanded to
   * every period, so the work grows with the activity, not with users x periods.
   */
  public static Dataset<Row> cohortRetention(
      SparkSession spark,
      Dataset<Row> users,
      Dataset<Row> histories,
      Grain grain,
      LocalDate runDate) {
    Dataset<Row> members =
        users.select(
            col("site"),
            col("user_key"),
            col("segment"),
            col("channel"),
            grain.start(col("registered_at"), col("registered_month")).as("cohort"));
    Dataset<Row> userPeriods =
        activePeriods(histories.join(members, new String[] {"user_key", "site"}))
            .withColumn("period_index", grain.between(col("period"), col("cohort")))
            .filter(col("period_index").geq(0));
    Dataset<Row> counts =
        rollupCounts(
            spark,
            userPeriods,
            "ml_cohort_periods_" + grain.code(),
            "period_index",
            Map.of("active_users", "count(*)", "ended_users", "count_if(next IS NULL)"));
    Dataset<Row> sizes =
        rollupCounts(
            spark,
            members,
            "ml_cohort_members_" + grain.code(),
            null,
            Map.of("cohort_size", "count(*)"));
    Dataset<Row> lastPeriod =
        histories.groupBy("site").agg(max(array_max(col("periods"))).as("last_period"));
    Column lastIndex =
        greatest(lit(0), coalesce(grain.between(col("last_period"), col("cohort")), lit(0)));
    // One row per site: broadcast to the cohort sizes instead of shuffling them.
    Dataset<Row> grid =
        sizes
            .join(broadcast(lastPeriod), new String[] {"site"}, "left")
            .withColumn("period_index", explode(sequence(lit(0), lastIndex)));
    String[] groupKey = {"site", "cohort", "segment", "channel", "period_index"};
    WindowSpec laterPeriods =
        Window.partitionBy("site", "cohort", "segment", "channel")
            .orderBy(col("period_index").desc())
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column activeUsers = coalesce(col("active_users"), lit(0L));
    Column size = col("cohort_size");
    Column periodStart = grain.plus(col("cohort"), col("period_index"));
    return grid.join(counts, groupKey, "left")
        .withColumn(
            "unbounded_users", sum(coalesce(col("ended_users"), lit(0L))).over(laterPeriods))
        .select(
            col("site"),
            lit(grain.code()).as("grain"),
            col("cohort"),
            col("segment"),
            col("channel"),
            col("period_index"),
            periodStart.as("period_start"),
            size,
            activeUsers.as("active_users"),
            activeUsers.divide(size).as("retention_rate"),
            col("unbounded_users").divide(size).as("unbounded_retention_rate"),
            wilsonLow(activeUsers, size).as("retention_low"),
            wilsonHigh(activeUsers, size).as("retention_high"),
            wilsonLow(col("unbounded_users"), size).as("unbounded_retention_low"),
            wilsonHigh(col("unbounded_users"), size).as("unbounded_retention_high"),
            grain.plus(periodStart, lit(1)).leq(lit(runDate)).as("period_complete"));
  }

  /** z of a two-sided 95% interval: the 97.5th percentile of the standard normal. */
  public static final double Z95 = 1.959964;

  /**
   * Lower end of the 95% Wilson score interval for {@code x} of {@code n} (n > 0): (p + z²/2n - z
   * sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) with p = x/n, at least 0 (0 exactly when x = 0; the clamp
   * only removes rounding).
   */
  static Column wilsonLow(Column x, Column n) {
    return greatest(lit(0.0), wilsonCentre(x, n).minus(wilsonHalfWidth(x, n)));
  }

  /** Upper end of the 95% Wilson score interval, at most 1. */
  static Column wilsonHigh(Column x, Column n) {
    return least(lit(1.0), wilsonCentre(x, n).plus(wilsonHalfWidth(x, n)));
  }

  private static Column wilsonCentre(Column x, Column n) {
    double z2 = Z95 * Z95;
    return x.divide(n).plus(lit(z2 / 2).divide(n)).divide(lit(1.0).plus(lit(z2).divide(n)));
  }

  private static Column wilsonHalfWidth(Column x, Column n) {
    double z2 = Z95 * Z95;
    Column p = x.divide(n);
    return lit(Z95)
        .divide(lit(1.0).plus(lit(z2).divide(n)))
        .multiply(
            sqrt(p.multiply(lit(1.0).minus(p)).divide(n).plus(lit(z2 / 4).divide(n.multiply(n)))));
  }

  /**
   * Rows counted per site, cohort[, period column], segment and channel with {@code counts} (column
   * name to aggregate expression), then each count summed over the four combinations of segment and
   * channel in one GROUPING SETS query (rolled-up segment and channel read {@value #ALL}). Counting
   * first keeps the rollup's fourfold expansion on the small counted table instead of on every user
   * row.
   */
  private static Dataset<Row> rollupCounts(
      SparkSession spark,
      Dataset<Row> rows,
      String view,
      String periodColumn,
      Map<String, String> counts) {
    rows.createOrReplaceTempView(view);
    String base = periodColumn == null ? "site, cohort" : "site, cohort, " + periodColumn;
    StringBuilder sums = new StringBuilder();
    StringBuilder groupCounts = new StringBuilder();
    counts.forEach(
        (name, aggregate) -> {
          sums.append(", sum(").append(name).append(") AS ").append(name);
          groupCounts.append(", ").append(aggregate).append(" AS ").append(name);
        });
    return spark.sql(
        "SELECT "
            + base
            + ","
            + " coalesce(segment, '"
            + ALL
            + "') AS segment, coalesce(channel, '"
            + ALL
            + "') AS channel"
            + sums
            + " FROM (SELECT "
            + base
            + ", segment, channel"
            + groupCounts
            + " FROM "
            + view
            + " GROUP BY "
            + base
            + ", segment, channel) GROUP BY GROUPING SETS ("
            + "("
            + base
            + ", segment, channel), ("
            + base
            + ", segment), ("
            + base
            + ", channel), ("
            + base
            + "))");
  }

  /**
   * growth_accounting per site and month, from the site's first to its last month with activity: a
   * user active this month is new (never active before), retained (active last month) or
   * resurrected (active before, not last month); churned counts users active last month and not
   * this one. So MAU(t) = new + retained + resurrected and MAU(t-1) = retained + churned in every
   * row.
   */
  public static Dataset<Row> growthAccounting(Dataset<Row> monthlyHistories) {
    Column nextMonth = add_months(col("period"), 1);
    // One pass over the users' active months: a user active in m counts in m, and once more in m +
    // 1 when
    // they churn then (not active in m + 1). Churn after the site's last month falls outside the
    // month grid
    // joined below.
    Dataset<Row> counted =
        activePeriods(monthlyHistories)
            .withColumn(
                "month",
                explode(
                    when(
                            col("next").isNull().or(col("next").gt(nextMonth)),
                            array(col("period"), nextMonth))
                        .otherwise(array(col("period")))));
    Column active = col("month").equalTo(col("period"));
    Column lastMonth = add_months(col("period"), -1);
    Dataset<Row> states =
        counted
            .groupBy("site", "month")
            .agg(
                count(when(active, 1)).as("mau"),
                count(when(active.and(col("previous").isNull()), 1)).as("new_users"),
                count(when(active.and(col("previous").equalTo(lastMonth)), 1)).as("retained_users"),
                count(when(active.and(col("previous").lt(lastMonth)), 1)).as("resurrected_users"),
                count(when(not(active), 1)).as("churned_users"));
    Dataset<Row> months =
        monthlyHistories
            .groupBy("site")
            .agg(
                min(array_min(col("periods"))).as("first_month"),
                max(array_max(col("periods"))).as("last_month"))
            .select(
                col("site"),
                explode(sequence(col("first_month"), col("last_month"), expr("interval 1 month")))
                    .as("month"));
    WindowSpec bySite = Window.partitionBy("site").orderBy("month");
    Column zero = lit(0L);
    return months
        .join(states, new String[] {"site", "month"}, "left")
        .select(
            col("site"),
            col("month"),
            coalesce(col("mau"), zero).as("mau"),
            coalesce(col("new_users"), zero).as("new_users"),
            coalesce(col("retained_users"), zero).as("retained_users"),
            coalesce(col("resurrected_users"), zero).as("resurrected_users"),
            coalesce(col("churned_users"), zero).as("churned_users"))
        .withColumn("previous_mau", coalesce(lag("mau", 1).over(bySite), zero))
        .withColumn(
            "quick_ratio",
            when(
                col("churned_users").gt(0),
                col("new_users").plus(col("resurrected_users")).divide(col("churned_users"))))
        .withColumn(
            "mau_growth",
            when(col("previous_mau").gt(0), col("mau").divide(col("previous_mau")).minus(1)));
  }

  /**
   * channel_growth per site, acquisition channel and registration month: new users, their share of
   * the month's registrations, and the month-3 retention of that cohort and channel (null until
   * month 3 of the cohort has been observed).
   */
  public static Dataset<Row> channelGrowth(Dataset<Row> users, Dataset<Row> monthlyRetention) {
    Dataset<Row> registrations =
        users
            .groupBy(col("site"), col("channel"), col("registered_month").as("month"))
            .agg(count(lit(1)).as("new_users"));
    Dataset<Row> month3 =
        monthlyRetention
            .filter(
                col("segment")
                    .equalTo(ALL)
                    .and(col("channel").notEqual(ALL))
                    .and(col("period_index").equalTo(3)))
            .select(
                col("site"),
                col("channel"),
                col("cohort").as("month"),
                col("retention_rate").as("month3_retention"));
    return registrations
        .join(month3, new String[] {"site", "channel", "month"}, "left")
        .select(
            col("site"),
            col("channel"),
            col("month"),
            col("new_users"),
            col("new_users")
                .divide(sum("new_users").over(Window.partitionBy("site", "month")))
                .as("new_user_share"),
            col("month3_retention"));
  }
}

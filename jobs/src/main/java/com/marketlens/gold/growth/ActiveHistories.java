package com.marketlens.gold.growth;

import static org.apache.spark.sql.functions.col;

import com.marketlens.gold.growth.CohortMetrics.Grain;
import com.marketlens.io.DeltaTables;
import com.marketlens.io.Warehouse;
import com.marketlens.schema.Contract;
import com.marketlens.schema.Datasets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The growth tables' compact state ({@code system/active_histories_<grain>}, contract
 * schemas/system/active_histories.json): each user's active periods, as {@link
 * CohortMetrics#activeHistories} computes them from the whole activity table, but brought up to
 * date from silver activity's change data feed. A daily run reads the day's new events, not the
 * history: the cohort tables are then rebuilt from one row per user.
 *
 * <p>Exact because a user's periods only grow while rows are only added: an event's period and type
 * are part of silver's key, so an update (a re-scraped IP) changes no period. Rows removed from
 * silver (a full refine that quarantines or drops events) or other qualifying event types rebuild
 * the state from silver. The state's table properties record the silver table and version it
 * reflects and the event types; they are set after the state's MERGE, and a run stopped in between
 * applies the same changes again, which adds no period twice.
 */
final class ActiveHistories {

  private static final Logger LOG = LogManager.getLogger(ActiveHistories.class);

  private static final String SOURCE_ID = "marketlens.source.id";
  private static final String SOURCE_VERSION = "marketlens.source.version";
  private static final String EVENTS = "marketlens.events";

  private final SparkSession spark;
  private final Contract contract;
  private final String activityPath;
  private final String path;
  private final List<String> events;
  private final Grain grain;

  ActiveHistories(
      SparkSession spark,
      Warehouse warehouse,
      Contract contract,
      List<String> events,
      Grain grain) {
    this.spark = spark;
    this.contract = contract;
    this.activityPath = warehouse.silver(Datasets.SNS_ACTIVITY);
    this.path = warehouse.system("active_histories_" + grain.code());
    this.events = events;
    this.grain = grain;
  }

  /**
   * What bringing the state up to a version takes: nothing, merging the events inserted since the
   * version it reflects, or a rebuild from silver (and why).
   */
  private record Update(String rebuild, Dataset<Row> inserted) {
    static final Update NONE = new Update(null, null);

    static Update rebuild(String why) {
      return new Update(why, null);
    }
  }

  /** The state brought up to silver activity's current version; how, in the log. */
  Dataset<Row> current() {
    long version = DeltaTables.version(spark, activityPath);
    String id = DeltaTables.tableId(spark, activityPath);
    Update update = update(id, version);
    if (update.rebuild() != null) {
      LOG.info(
          "active histories ({}): rebuilt from silver version {}: {}",
          grain,
          version,
          update.rebuild());
      Dataset<Row> all =
          CohortMetrics.activeHistories(
              DeltaTables.readVersion(spark, activityPath, version), events, grain);
      DeltaTables.overwrite(
          spark,
          all.select("site", "user_key", "periods"),
          path,
          contract.sparkSchema(),
          List.of());
    } else if (update.inserted() != null) {
      LOG.info("active histories ({}): merged the changes up to version {}", grain, version);
      DeltaTables.upsertWith(
          spark,
          CohortMetrics.activeHistories(update.inserted(), events, grain)
              .select("site", "user_key", "periods"),
          path,
          contract.sparkSchema(),
          contract.key(),
          Map.of("periods", "array_sort(array_union(t.periods, s.periods))"));
    } else {
      LOG.info("active histories ({}): up to date with silver version {}", grain, version);
      return DeltaTables.read(spark, path);
    }
    DeltaTables.setProperties(
        spark,
        path,
        Map.of(
            SOURCE_ID,
            id,
            SOURCE_VERSION,
            String.valueOf(version),
            EVENTS,
            String.join(",", events)));
    return DeltaTables.read(spark, path);
  }

  /** How the state reaches silver activity's {@code version} (table {@code id}); writes nothing. */
  private Update update(String id, long version) {
    if (!DeltaTables.exists(spark, path)) {
      return Update.rebuild("no state yet");
    }
    if (!DeltaTables.hasColumns(spark, path, contract.sparkSchema())) {
      return Update.rebuild("the state has an older contract's columns");
    }
    Map<String, String> recorded = DeltaTables.properties(spark, path);
    if (!id.equals(recorded.get(SOURCE_ID)) || recorded.get(SOURCE_VERSION) == null) {
      return Update.rebuild("silver sns_activity is not the table the state was built from");
    }
    if (!String.join(",", events).equals(recorded.get(EVENTS))) {
      return Update.rebuild("the qualifying event types changed (marketlens.growth.active-events)");
    }
    long from = Long.parseLong(recorded.get(SOURCE_VERSION));
    if (from == version) {
      return Update.NONE;
    }
    if (from > version) {
      return Update.rebuild("silver sns_activity is older than the state");
    }
    Optional<Dataset<Row>> feed = DeltaTables.changes(spark, activityPath, from, version);
    if (feed.isEmpty()) {
      return Update.rebuild(
          "silver's change data feed does not cover versions " + (from + 1) + " to " + version);
    }
    Dataset<Row> changes = feed.get();
    if (!changes.where(col("_change_type").equalTo("delete")).isEmpty()) {
      return Update.rebuild("rows were removed from silver sns_activity");
    }
    return new Update(null, changes.where(col("_change_type").equalTo("insert")));
  }
}

package com.marketlens.gold.graph;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * When a rebuilt site's monthly snapshots in cohort_graph_growth can be kept instead of running the
 * Pregel of {@link TemporalComponents} again. A month's row depends only on the users registered
 * and the relations made by the end of that month, so the rows before the first month whose rows
 * changed ({@link SiteDigests#firstChangedMonth}) stay as they are. When that month is also the
 * site's last one, its snapshot is the whole graph, whose components the job has already computed:
 * no Pregel is needed. That is a daily run's usual case, as a day's relations are made that day.
 */
final class SnapshotReuse {

  /** The cut of a site whose snapshots did not change at all: every row is kept. */
  static final int KEEP_ALL = Integer.MAX_VALUE;

  private SnapshotReuse() {}

  /**
   * Per rebuilt site, the first month (index) to recompute from the whole graph's components, the
   * rows before it being kept; empty when some site needs the monthly Pregel.
   *
   * @param sites the sites being rebuilt
   * @param before each site's digest at the last build
   * @param now each site's digest now
   * @param lastMonthNow each site's last month in the rebuilt rows ({@link
   *     GraphMetrics#lastMonths})
   * @param lastMonthBefore each site's last month in the table as the last build left it
   */
  static Optional<Map<String, Integer>> cuts(
      Set<String> sites,
      Map<String, String> before,
      Map<String, String> now,
      Map<String, Integer> lastMonthNow,
      Map<String, Integer> lastMonthBefore) {
    Map<String, Integer> cuts = new TreeMap<>();
    for (String site : sites) {
      if (!before.containsKey(site) || !now.containsKey(site)) {
        return Optional.empty();
      }
      Optional<Integer> first = SiteDigests.firstChangedMonth(before.get(site), now.get(site));
      if (first.isEmpty()) {
        cuts.put(site, KEEP_ALL);
        continue;
      }
      Integer last = lastMonthNow.get(site);
      Integer lastBefore = lastMonthBefore.get(site);
      // The changed month must be the last one, and directly follow the kept rows: a month
      // between them (no node or edge made in it) would need the earlier snapshot repeated.
      if (last == null
          || lastBefore == null
          || first.get() != (int) last
          || (long) lastBefore < (long) first.get() - 1) {
        return Optional.empty();
      }
      cuts.put(site, first.get());
    }
    return Optional.of(cuts);
  }
}

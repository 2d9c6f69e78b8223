package com.marketlens.gold.graph;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which of a rebuilt site's monthly snapshots in cohort_graph_growth are kept. A month's row
 * depends only on the users registered and the relations made by the end of that month, so the rows
 * before the first month whose rows changed ({@link SiteDigests#firstChangedMonth}) stay as they
 * are, and only the months from that cut on are computed again: from the whole graph's components
 * when the cut is the site's last month (a daily run's usual case, as a day's relations are made
 * that day), otherwise by the Pregel of {@link TemporalComponents} over the months from the cut on
 * ({@link GraphMetrics#monthlyLabels}).
 */
final class SnapshotReuse {

  /** The cut of a site whose snapshots did not change at all: every row is kept. */
  static final int KEEP_ALL = Integer.MAX_VALUE;

  /** The cut of a site none of whose rows can be kept: every month is computed. */
  static final int KEEP_NONE = Integer.MIN_VALUE;

  private SnapshotReuse() {}

  /**
   * Per rebuilt site, the first month (index) to compute again, the rows before it being kept: the
   * first month whose rows changed, or the month after the table's last row if that is earlier (the
   * months between had no node or edge, so the table has no row for them yet); {@link #KEEP_NONE}
   * for a site that is new, gone or without rows in the table, {@link #KEEP_ALL} for a site whose
   * snapshots did not change.
   *
   * @param sites the sites being rebuilt
   * @param before each site's digest at the last build
   * @param now each site's digest now
   * @param lastMonthBefore each site's last month in the table as the last build left it
   */
  static Map<String, Integer> cuts(
      Set<String> sites,
      Map<String, String> before,
      Map<String, String> now,
      Map<String, Integer> lastMonthBefore) {
    Map<String, Integer> cuts = new TreeMap<>();
    for (String site : sites) {
      Integer lastBefore = lastMonthBefore.get(site);
      if (!before.containsKey(site) || !now.containsKey(site) || lastBefore == null) {
        cuts.put(site, KEEP_NONE);
        continue;
      }
      Optional<Integer> first = SiteDigests.firstChangedMonth(before.get(site), now.get(site));
      cuts.put(site, first.map(m -> (int) Math.min(m, lastBefore + 1L)).orElse(KEEP_ALL));
    }
    return cuts;
  }

  /**
   * Per site with rows now, the first month whose snapshot is computed: its cut, or its last month
   * when the cut is later (every row kept: nothing to compute, but a month's labels never start
   * after the last month).
   *
   * @param lastMonthNow each site's last month in the rebuilt rows ({@link
   *     GraphMetrics#lastMonths}); a site without rows now is gone and needs no label
   */
  static Map<String, Integer> firstMonths(
      Map<String, Integer> cuts, Map<String, Integer> lastMonthNow) {
    Map<String, Integer> first = new TreeMap<>();
    lastMonthNow.forEach((site, last) -> first.put(site, Math.min(cuts.get(site), last)));
    return first;
  }

  /**
   * Whether every site's snapshots to compute are of its last month only, whose graph is the whole
   * graph: its components replace the Pregel.
   */
  static boolean lastMonthsOnly(
      Map<String, Integer> firstMonths, Map<String, Integer> lastMonthNow) {
    return firstMonths.entrySet().stream()
        .allMatch(e -> e.getValue() >= lastMonthNow.get(e.getKey()));
  }
}

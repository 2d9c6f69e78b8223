package com.marketlens.gold.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When cohort_graph_growth keeps a site's earlier months instead of running the Pregel again. */
class TestSnapshotReuse {

  private static final String BEFORE = "users:2:7 relations:1:9 months:480=2:7,481=1:9,";

  /** cuts for one site "s" whose digest was {@link #BEFORE}. */
  private static Optional<Map<String, Integer>> cutOfOneSite(
      String now, int lastMonthNow, int lastMonthBefore) {
    return SnapshotReuse.cuts(
        Set.of("s"),
        Map.of("s", BEFORE),
        Map.of("s", now),
        Map.of("s", lastMonthNow),
        Map.of("s", lastMonthBefore));
  }

  @Test
  void theFirstChangedMonthIsTheEarliestMonthWhoseRowsDiffer() {
    assertThat(SiteDigests.firstChangedMonth(BEFORE, BEFORE)).isEmpty();
    // A new row in month 481, and a month that appears.
    assertThat(
            SiteDigests.firstChangedMonth(
                BEFORE, "users:2:7 relations:3:20 months:480=2:7,481=2:12,482=1:8,"))
        .contains(481);
    // Month 480 gone: its rows moved or were removed.
    assertThat(SiteDigests.firstChangedMonth(BEFORE, "users:2:7 relations:1:9 months:481=3:16,"))
        .contains(480);
    // A digest recorded before months were kept, or rows without a month: not known.
    assertThat(SiteDigests.firstChangedMonth("users:2:7 relations:1:9", BEFORE))
        .contains(Integer.MIN_VALUE);
    assertThat(SiteDigests.firstChangedMonth(BEFORE, BEFORE + "-=1:3,"))
        .contains(Integer.MIN_VALUE);
  }

  @Test
  void aSiteWhoseChangesAllFallInItsLastMonthKeepsTheMonthsBefore() {
    String now = "users:2:7 relations:2:15 months:480=2:7,481=2:15,";
    assertThat(cutOfOneSite(now, 481, 481)).contains(Map.of("s", 481));
    // The first rows of a new month, right after the last one.
    String newMonth = BEFORE + "482=1:4,";
    assertThat(cutOfOneSite(newMonth, 482, 481)).contains(Map.of("s", 482));
    // Only a column the snapshots do not read changed (an org): every row kept.
    String orgChanged = "users:2:8 relations:1:9 months:480=2:7,481=1:9,";
    assertThat(cutOfOneSite(orgChanged, 481, 481)).contains(Map.of("s", SnapshotReuse.KEEP_ALL));
  }

  @Test
  void anEarlierMonthAGapOrAnUnknownSiteNeedsThePregel() {
    String lateEdge = "users:2:7 relations:2:15 months:480=2:13,481=1:9,";
    assertThat(cutOfOneSite(lateEdge, 481, 481)).isEmpty();
    // Month 483 after a month without any node or edge (482): its snapshot is not the kept one.
    String afterGap = BEFORE + "483=1:4,";
    assertThat(cutOfOneSite(afterGap, 483, 481)).isEmpty();
    // A new site, and one site of two that needs it.
    assertThat(
            SnapshotReuse.cuts(
                Set.of("s"), Map.of(), Map.of("s", BEFORE), Map.of("s", 481), Map.of()))
        .isEmpty();
    assertThat(
            SnapshotReuse.cuts(
                Set.of("s", "t"),
                Map.of("s", BEFORE, "t", BEFORE),
                Map.of("s", BEFORE, "t", lateEdge),
                Map.of("s", 481, "t", 481),
                Map.of("s", 481, "t", 481)))
        .isEqualTo(Optional.empty());
  }
}

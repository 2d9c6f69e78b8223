package com.marketlens.gold.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which months of cohort_graph_growth a rebuilt site keeps, and when the Pregel runs. */
class TestSnapshotReuse {

  private static final String BEFORE = "users:2:7 relations:1:9 months:480=2:7,481=1:9,";

  /** The cut of one site "s" whose digest was {@link #BEFORE} and whose table ended in a month. */
  private static int cutOfOneSite(String now, int lastMonthBefore) {
    return SnapshotReuse.cuts(
            Set.of("s"), Map.of("s", BEFORE), Map.of("s", now), Map.of("s", lastMonthBefore))
        .get("s");
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
  void aSiteKeepsItsMonthsBeforeTheFirstChangedOne() {
    // A relation in the last month (481): only that month is computed, from the whole graph.
    String now = "users:2:7 relations:2:15 months:480=2:7,481=2:15,";
    assertThat(cutOfOneSite(now, 481)).isEqualTo(481);
    // The first rows of a new month, right after the last one.
    assertThat(cutOfOneSite(BEFORE + "482=1:4,", 481)).isEqualTo(482);
    // A late relation made in month 480: every month from 480 on.
    String lateEdge = "users:2:7 relations:2:15 months:480=2:13,481=1:9,";
    assertThat(cutOfOneSite(lateEdge, 481)).isEqualTo(480);
    // Month 483 after a month without any node or edge (482): the table has no row for 482 yet.
    assertThat(cutOfOneSite(BEFORE + "483=1:4,", 481)).isEqualTo(482);
    // Only a column the snapshots do not read changed (an org): every row kept.
    String orgChanged = "users:2:8 relations:1:9 months:480=2:7,481=1:9,";
    assertThat(cutOfOneSite(orgChanged, 481)).isEqualTo(SnapshotReuse.KEEP_ALL);
    // A digest recorded before months were kept: no row can be kept.
    assertThat(cutOfOneSite("users:2:7 relations:1:9", 481)).isEqualTo(SnapshotReuse.KEEP_NONE);
  }

  @Test
  void aNewGoneOrUnwrittenSiteKeepsNoRow() {
    assertThat(
            SnapshotReuse.cuts(
                Set.of("new", "gone", "unwritten", "s"),
                Map.of("gone", BEFORE, "unwritten", BEFORE, "s", BEFORE),
                Map.of("new", BEFORE, "unwritten", BEFORE, "s", BEFORE),
                Map.of("gone", 481, "s", 481)))
        .isEqualTo(
            Map.of(
                "new", SnapshotReuse.KEEP_NONE,
                "gone", SnapshotReuse.KEEP_NONE,
                "unwritten", SnapshotReuse.KEEP_NONE,
                "s", SnapshotReuse.KEEP_ALL));
  }

  @Test
  void thePregelRunsFromTheCutUnlessEverySiteNeedsItsLastMonthOnly() {
    Map<String, Integer> lastNow = Map.of("a", 482, "b", 481, "c", 490);
    // a: its last month; b: every row kept; c: a gone site is not labelled (no rows now).
    Map<String, Integer> first =
        SnapshotReuse.firstMonths(
            Map.of("a", 482, "b", SnapshotReuse.KEEP_ALL, "c", 490, "gone", 470), lastNow);
    assertThat(first).isEqualTo(Map.of("a", 482, "b", 481, "c", 490));
    assertThat(SnapshotReuse.lastMonthsOnly(first, lastNow)).isTrue();
    // The month before the last (a scrape that carries the previous evening's relations into a
    // new month), and a site none of whose rows can be kept.
    Map<String, Integer> late =
        SnapshotReuse.firstMonths(
            Map.of("a", 481, "b", SnapshotReuse.KEEP_NONE, "c", 490), lastNow);
    assertThat(late).isEqualTo(Map.of("a", 481, "b", SnapshotReuse.KEEP_NONE, "c", 490));
    assertThat(SnapshotReuse.lastMonthsOnly(late, lastNow)).isFalse();
  }
}

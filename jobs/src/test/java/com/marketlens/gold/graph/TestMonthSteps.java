package com.marketlens.gold.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestMonthSteps {

  @Test
  void valueBeforeTheFirstStepIsUndefined() {
    MonthSteps f = MonthSteps.of(5, 9);
    assertThat(f.at(4)).isEqualTo(Long.MAX_VALUE);
    assertThat(f.at(5)).isEqualTo(9);
    assertThat(f.at(100)).isEqualTo(9);
  }

  @Test
  void minimumMergesBreakpointsAndKeepsOnlyFalls() {
    // f: 7 from month 2; g: 9 from 1, 3 from 6. min: 9 @1, 7 @2, 3 @6.
    MonthSteps f = MonthSteps.of(2, 7);
    MonthSteps g = MonthSteps.of(1, 9).min(MonthSteps.of(6, 3));
    assertThat(g.toString()).isEqualTo("{1->9, 6->3}");
    assertThat(f.min(g).toString()).isEqualTo("{1->9, 2->7, 6->3}");
    assertThat(g.min(f)).isEqualTo(f.min(g));
    assertThat(f.min(MonthSteps.EMPTY)).isSameAs(f);
    assertThat(f.min(f)).isEqualTo(f);
  }

  @Test
  void sinceDropsTheMonthsBeforeAnEdgeExisted() {
    MonthSteps g = MonthSteps.of(1, 9).min(MonthSteps.of(6, 3));
    assertThat(g.since(0)).isSameAs(g);
    assertThat(g.since(4).toString()).isEqualTo("{4->9, 6->3}");
    assertThat(g.since(6).toString()).isEqualTo("{6->3}");
    assertThat(g.since(8).toString()).isEqualTo("{8->3}");
    assertThat(MonthSteps.EMPTY.since(3)).isEqualTo(MonthSteps.EMPTY);
  }
}

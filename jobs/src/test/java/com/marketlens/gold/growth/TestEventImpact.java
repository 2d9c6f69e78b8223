package com.marketlens.gold.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Slopes worked out by hand, a planted break, a smooth curve and windows too short to measure. */
class TestEventImpact {

  private static final LocalDate START = LocalDate.of(2009, 1, 1);
  private static final int WINDOW = 90;

  private record Series(List<LocalDate> dates, List<Double> values) {}

  private static Series daily(int days, IntToDoubleFunction value) {
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (int t = 0; t < days; t++) {
      d.add(START.plusDays(t));
      v.add(value.applyAsDouble(t));
    }
    return new Series(d, v);
  }

  private static EventImpact.Event event(int day, String name) {
    return new EventImpact.Event(START.plusDays(day), "rival", name, "s");
  }

  private static List<EventImpact.Impact> measure(Series s, EventImpact.Event... events) {
    return EventImpact.measure(s.dates(), s.values(), List.of(events), WINDOW);
  }

  /** ln(value) grows 1% a day up to day 300, then 0.4% a day; multiplicative noise of 1%. */
  private static Series kinked(double noise) {
    Random rnd = new Random(7);
    return daily(
        700,
        t -> {
          double log = t < 300 ? 0.01 * t : 3.0 + 0.004 * (t - 300);
          return 1000 * Math.exp(log) * (1 + noise * rnd.nextGaussian());
        });
  }

  @Test
  void slopesAreTheLogGrowthRatesBeforeAndAfter() {
    EventImpact.Impact i = measure(kinked(0), event(300, "break")).get(0);
    // Before: days 210..299, 90 points on ln y = 0.01 t; after: days 300..389 on slope 0.004.
    assertThat(i.pointsBefore()).isEqualTo(90);
    assertThat(i.pointsAfter()).isEqualTo(90);
    assertThat(i.slopeBefore()).isCloseTo(0.01, within(1e-12));
    assertThat(i.slopeAfter()).isCloseTo(0.004, within(1e-12));
    assertThat(i.slopeChange()).isCloseTo(-0.006, within(1e-12));
    // Placebo dates: each window has 3 points over at least 45 days (days 46..654) and the date is
    // at least 90 days from the event (not 211..389): 165 + 265 dates, all on straight stretches
    // (change 0 up to rounding).
    assertThat(i.placeboDates()).isEqualTo(165 + 265);
    assertThat(i.pValue()).isEqualTo(0.0);
    assertThat(i.status()).isEqualTo(EventImpact.OK);
  }

  @Test
  void aPlantedBreakIsSignificant() {
    EventImpact.Impact i = measure(kinked(0.01), event(300, "break")).get(0);
    assertThat(i.slopeChange()).isCloseTo(-0.006, within(0.001));
    assertThat(i.pValue()).isLessThan(0.05);
  }

  @Test
  void aSmoothLogisticWithoutBreakIsNot() {
    // K = 10M, r = 0.02 per day, inflection at day 400; the event at day 250, on the curve's
    // early bend. Dates nearer the inflection bend more, so many placebo changes are larger.
    Random rnd = new Random(11);
    Series s =
        daily(800, t -> 1e7 / (1 + Math.exp(-0.02 * (t - 400))) * (1 + 0.01 * rnd.nextGaussian()));
    EventImpact.Impact i = measure(s, event(250, "nothing happened")).get(0);
    assertThat(i.status()).isEqualTo(EventImpact.OK);
    assertThat(i.pValue()).isGreaterThan(0.2);
  }

  @Test
  void tooShortAWindowGivesAStatus() {
    Series s = kinked(0);
    List<EventImpact.Impact> impacts =
        measure(s, event(20, "early"), event(660, "late"), event(900, "after the series"));
    // The event after the last observation is not in the series' span: no row.
    assertThat(impacts).extracting(i -> i.event().name()).containsExactly("early", "late");
    EventImpact.Impact early = impacts.get(0);
    assertThat(early.status()).isEqualTo(EventImpact.TOO_SHORT_BEFORE);
    assertThat(early.pointsBefore()).isEqualTo(20);
    assertThat(early.slopeBefore()).isNull();
    assertThat(early.pValue()).isNull();
    // The 40 days from day 660 span 39 days: less than half the window.
    EventImpact.Impact late = impacts.get(1);
    assertThat(late.status()).isEqualTo(EventImpact.TOO_SHORT_AFTER);
    assertThat(late.slopeBefore()).isCloseTo(0.004, within(1e-12));
    assertThat(late.slopeAfter()).isNull();
  }

  @Test
  void monthlyPointsAndGapsAreFittedByTheirDates() {
    // MAU dated on month starts, growing e-fold every 100 days: ln y = day / 100, slope 0.01. A
    // missing month (Feb 2010) and a zero (Sep 2010, no logarithm) are left out.
    List<LocalDate> d = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (LocalDate m = LocalDate.of(2009, 1, 1); m.isBefore(LocalDate.of(2011, 6, 1)); ) {
      if (!m.equals(LocalDate.of(2010, 2, 1))) {
        d.add(m);
        v.add(m.equals(LocalDate.of(2010, 9, 1)) ? 0.0 : Math.exp(m.toEpochDay() / 100.0));
      }
      m = m.plusMonths(1);
    }
    List<EventImpact.Impact> impacts =
        EventImpact.measure(
            d,
            v,
            List.of(
                new EventImpact.Event(LocalDate.of(2010, 1, 1), "a", "new year", null),
                new EventImpact.Event(LocalDate.of(2010, 8, 1), "a", "summer", null)),
            120);
    // 2010-01-01: before [2009-09-03, 2010-01-01) holds Oct, Nov, Dec; after Jan, Mar, Apr.
    // 2010-08-01: before [2010-04-03, 2010-08-01) holds May, Jun, Jul; after Aug, Oct, Nov (Sep is
    // zero).
    assertThat(impacts)
        .extracting(
            i ->
                i.event().name()
                    + " "
                    + i.pointsBefore()
                    + " "
                    + i.pointsAfter()
                    + " "
                    + i.status())
        .containsExactly("new year 3 3 ok", "summer 3 3 ok");
    for (EventImpact.Impact i : impacts) {
      assertThat(i.slopeBefore()).isCloseTo(0.01, within(1e-12));
      assertThat(i.slopeAfter()).isCloseTo(0.01, within(1e-12));
    }
  }
}

package com.marketlens.generate;

import java.time.LocalDate;

/**
 * When the scraper saw each row, as file-name stems ({@code <scrape date>[_tag]}): one history
 * scrape of everything, or, in daily mode, a history scrape of the story up to a day and then one
 * scrape each morning of the previous day's rows. A re-scrape of older days comes on its own date
 * (after the history in the first case, between two daily drops in the second).
 *
 * @param history stem of the history scrape's files
 * @param rescrapeDate scrape date of the re-scrape
 * @param rescrape stem of the re-scrape's files
 * @param firstDaily first story day written as a daily drop; null when there are none
 */
record ScrapeSchedule(String history, String rescrapeDate, String rescrape, LocalDate firstDaily) {

  /** Everything in one history scrape, re-scraped on {@code rescrapeDate}. */
  static ScrapeSchedule single(String historyDate, String rescrapeDate) {
    return new ScrapeSchedule(historyDate, rescrapeDate, rescrapeDate, null);
  }

  /**
   * The last {@code days} story days up to {@code lastDay} as daily drops; the history is scraped
   * on the first of them and the re-scrape comes half-way through the drops.
   */
  static ScrapeSchedule daily(LocalDate lastDay, int days) {
    LocalDate first = lastDay.minusDays(days - 1L);
    String rescrapeDate = first.plusDays(days / 2 + 1).toString();
    return new ScrapeSchedule(first.toString(), rescrapeDate, rescrapeDate + "_rescrape", first);
  }

  /** The same dates with {@code tag} in the file stems (two stories writing one dataset). */
  ScrapeSchedule tagged(String tag) {
    return firstDaily == null
        ? this
        : new ScrapeSchedule(
            history + "_" + tag, rescrapeDate, rescrapeDate + "_" + tag, firstDaily);
  }

  /** The stem of the files holding the rows of {@code storyDay}. */
  String stemOf(LocalDate storyDay) {
    return firstDaily == null || storyDay.isBefore(firstDaily)
        ? history
        : storyDay.plusDays(1).toString();
  }

  /** Whether the re-scrape can hold rows of {@code storyDay}: it happened before its date. */
  boolean rescrapeSaw(LocalDate storyDay) {
    return storyDay.isBefore(LocalDate.parse(rescrapeDate));
  }

  /** The last story day a re-scrape can revise, for a story that ends on {@code end}. */
  LocalDate lastRevisable(LocalDate end) {
    LocalDate dayBefore = LocalDate.parse(rescrapeDate).minusDays(1);
    return dayBefore.isBefore(end) ? dayBefore : end;
  }
}

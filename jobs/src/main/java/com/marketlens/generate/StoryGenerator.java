package com.marketlens.generate;

import com.marketlens.error.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes the nine scraped datasets in the input contract's layout, telling the story of the
 * background texts, with the messiness of real scrapes (listed in data/README.md). Deterministic
 * for a seed; streams to disk, so the size is bounded by the disk, not the heap.
 */
public final class StoryGenerator {

  /** What was written; {@code scrapeDates} lists the daily drops' scrape dates (empty: none). */
  public record Result(
      Path out,
      int users,
      long activityRows,
      long relationRows,
      double seconds,
      List<LocalDate> scrapeDates) {
    @Override
    public String toString() {
      String written =
          String.format(
              "Wrote %s: %d users, %d activity rows, %d relation rows in %.1f s",
              out, users, activityRows, relationRows, seconds);
      return scrapeDates.isEmpty()
          ? written
          : String.format(
              "%s; history scraped %s, daily drops scraped %s to %s (run --run-date once per"
                  + " day)",
              written,
              scrapeDates.get(0),
              scrapeDates.get(1),
              scrapeDates.get(scrapeDates.size() - 1));
    }
  }

  /** The most daily drops: a year of the story. */
  public static final int MAX_DAILY_DAYS = 366;

  private final double scale;
  private final long seed;
  private final int dailyDays;

  /** The whole story in one history scrape (and a re-scrape), as data/sample has it. */
  public StoryGenerator(double scale, long seed) {
    this(scale, seed, 0);
  }

  /**
   * The same story; its last {@code dailyDays} days (0: none) as daily drops, each day's rows in
   * files scraped the next morning, after one history scrape of the days before.
   */
  public StoryGenerator(double scale, long seed, int dailyDays) {
    if (dailyDays < 0 || dailyDays > MAX_DAILY_DAYS) {
      throw new IllegalArgumentException("dailyDays out of range: " + dailyDays);
    }
    this.scale = scale;
    this.seed = seed;
    this.dailyDays = dailyDays;
  }

  /**
   * The scrape dates a daily pipeline runs on, in order: the history's, then each drop's; empty
   * without daily drops.
   */
  public List<LocalDate> scrapeDates() {
    if (dailyDays == 0) {
      return List.of();
    }
    LocalDate history = SnsStory.END.minusDays(dailyDays - 1L);
    return Stream.iterate(history, d -> d.plusDays(1)).limit(dailyDays + 1L).toList();
  }

  public Result write(Path out) throws IOException {
    if (Files.exists(out)) {
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw Errors.badOption("--out", out.toString(), "a new or empty folder");
        }
      }
    }
    long start = System.nanoTime();
    Files.createDirectories(out);
    Random rnd = new Random(seed);
    ScrapeSchedule snsScrapes =
        dailyDays == 0 ? SnsStory.SCRAPES : ScrapeSchedule.daily(SnsStory.END, dailyDays);
    // In daily mode the cloud story (2014-2022) rides on the same scrapes, so one schedule of
    // runs carries both markets; its files are tagged to keep their names apart.
    ScrapeSchedule cloudScrapes = dailyDays == 0 ? CloudStory.SCRAPES : snsScrapes.tagged("cloud");
    SnsStory sns = new SnsStory(scale, rnd, snsScrapes);
    sns.writeUsers(out);
    long activity = sns.writeActivity(out);
    long relations = sns.writeRelations(out);
    sns.writeTraffic(out);
    sns.writeMarketEvents(out);
    sns.writeBrokenFiles(out);
    CloudStory cloud = new CloudStory(rnd, cloudScrapes);
    cloud.writeFxRates(out);
    cloud.writePrices(out);
    cloud.writeUnitCosts(out);
    cloud.writeFinancials(out);
    cloud.writeMarketEvents(out);
    return new Result(
        out, sns.users(), activity, relations, (System.nanoTime() - start) / 1e9, scrapeDates());
  }
}

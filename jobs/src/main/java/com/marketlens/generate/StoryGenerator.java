package com.marketlens.generate;

import com.marketlens.error.Errors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes the nine scraped datasets in the input contract's layout, telling the story of the
 * background texts, with the messiness of real scrapes (listed in data/README.md). Deterministic
 * for a seed; streams to disk, so the size is bounded by the disk, not the heap.
 */
public final class StoryGenerator {

  /** What was written. */
  public record Result(Path out, int users, long activityRows, long relationRows, double seconds) {
    @Override
    public String toString() {
      return String.format(
          "Wrote %s: %d users, %d activity rows, %d relation rows in %.1f s",
          out, users, activityRows, relationRows, seconds);
    }
  }

  private final double scale;
  private final long seed;

  public StoryGenerator(double scale, long seed) {
    this.scale = scale;
    this.seed = seed;
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
    SnsStory sns = new SnsStory(scale, rnd);
    sns.writeUsers(out);
    long activity = sns.writeActivity(out);
    long relations = sns.writeRelations(out);
    sns.writeTraffic(out);
    sns.writeMarketEvents(out);
    sns.writeBrokenFiles(out);
    CloudStory cloud = new CloudStory(rnd);
    cloud.writeFxRates(out);
    cloud.writePrices(out);
    cloud.writeUnitCosts(out);
    cloud.writeFinancials(out);
    cloud.writeMarketEvents(out);
    return new Result(out, sns.users(), activity, relations, (System.nanoTime() - start) / 1e9);
  }
}

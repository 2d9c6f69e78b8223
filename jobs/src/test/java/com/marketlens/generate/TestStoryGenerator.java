package com.marketlens.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.io.SourceFile;
import com.marketlens.parse.Reject;
import com.marketlens.parse.TimeParsers;
import com.marketlens.schema.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator: deterministic for a seed, the contract's layout, and the story's anchor numbers.
 */
class TestStoryGenerator {

  @TempDir Path tmp;

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
    StoryGenerator.Result a = new StoryGenerator(0.01, 7).write(tmp.resolve("a"));
    new StoryGenerator(0.01, 7).write(tmp.resolve("b"));
    new StoryGenerator(0.01, 8).write(tmp.resolve("c"));
    assertThat(contents(tmp.resolve("a"))).isEqualTo(contents(tmp.resolve("b")));
    assertThat(contents(tmp.resolve("a"))).isNotEqualTo(contents(tmp.resolve("c")));
    assertThat(a.users()).isEqualTo(280);
    assertThat(a.activityRows()).isBetween(5_000L, 15_000L);
  }

  @Test
  void everyDatasetIsWrittenInTheContractLayoutWithEveryFormat() throws IOException {
    Path out = tmp.resolve("sample");
    new StoryGenerator(0.02, 1).write(out);
    Map<String, String> files = contents(out);
    for (String dataset : Datasets.ALL) {
      assertThat(files.keySet()).as(dataset).anyMatch(f -> f.startsWith(dataset + "/"));
    }
    for (String f : files.keySet()) {
      String dataset = f.substring(0, f.indexOf('/'));
      assertThat(SourceFile.fromName(out.resolve(f).toString(), dataset)).as(f).isNotNull();
    }
    assertThat(files.keySet())
        .anyMatch(f -> f.endsWith(".gbk.csv"))
        .anyMatch(f -> f.startsWith("sns_activity/") && f.endsWith(".jsonl"))
        .anyMatch(f -> f.startsWith("sns_activity/2012-02-10_"));
    assertThat(files.values()).anyMatch(text -> text.startsWith("\uFEFF") && text.contains("\r\n"));
  }

  @Test
  void theSampleIsWhatTheGeneratorWrites() throws IOException {
    new StoryGenerator(0.03, 2008).write(tmp.resolve("sample"));
    assertThat(contents(tmp.resolve("sample")))
        .as("data/sample is `generate --scale 0.03 --seed 2008` (data/README.md)")
        .isEqualTo(
            contents(Path.of(System.getProperty("marketlens.home", "..")).resolve("data/sample")));
  }

  @Test
  void dailyDropsHoldEachDaysRowsInTheNextMorningsScrape() throws IOException {
    Path out = tmp.resolve("daily");
    StoryGenerator generator = new StoryGenerator(0.05, 3, 6);
    StoryGenerator.Result r = generator.write(out);
    LocalDate history = LocalDate.of(2011, 12, 26);
    List<LocalDate> dates = Stream.iterate(history, d -> d.plusDays(1)).limit(7).toList();
    assertThat(r.scrapeDates()).isEqualTo(dates);
    assertThat(r.toString())
        .contains("history scraped 2011-12-26, daily drops scraped 2011-12-27 to 2012-01-01");
    Map<String, String> files = contents(out);
    for (String f : files.keySet()) {
      SourceFile file =
          SourceFile.fromName(out.resolve(f).toString(), f.substring(0, f.indexOf('/')));
      assertThat(file).as(f).isNotNull();
      assertThat(dates).as(f + ": a scrape of the schedule").contains(file.scrapeDate());
    }
    // The re-scrape comes half-way, with the days before it only.
    String rescrape = "sns_activity/2011-12-30_rescrape_part1.csv";
    assertThat(eventDays(files.get(rescrape)))
        .isNotEmpty()
        .allMatch(d -> d.isBefore(LocalDate.of(2011, 12, 30)));
    assertThat(eventDays(files.get("sns_activity/2011-12-26_part1.csv")))
        .as("the history holds the days before its scrape")
        .isNotEmpty()
        .allMatch(d -> d.isBefore(history));
    for (LocalDate scraped : dates.subList(1, dates.size())) {
      List<LocalDate> days = eventDays(files.get("sns_activity/" + scraped + "_part1.csv"));
      LocalDate dayBefore = scraped.minusDays(1);
      assertThat(days).as("scraped " + scraped).isNotEmpty().allMatch(d -> !d.isAfter(dayBefore));
      // Only an event put before its user's registration (a bad value) is of another day.
      assertThat(days.stream().filter(dayBefore::equals).count())
          .as("scraped " + scraped)
          .isGreaterThanOrEqualTo(days.size() * 9L / 10);
    }
    // Every dataset has its history; the traffic panel and activity have a file every day.
    for (LocalDate scraped : dates) {
      assertThat(files).containsKey("site_traffic/" + scraped + "_part1.csv");
    }
    assertThat(files).containsKey("cloud_prices/2011-12-26_cloud_part1.csv");
    assertThat(files).containsKey("cloud_prices/2011-12-30_cloud_part1.csv");
  }

  /**
   * The Shanghai days of the readable event times of an activity CSV in the contract's column order
   * (a writer's first part); unreadable values (the file's planted mess) are left out.
   */
  private static List<LocalDate> eventDays(String csv) {
    List<LocalDate> days = new ArrayList<>();
    for (String line : csv.split("\r?\n")) {
      String[] fields = line.split(",", -1);
      if (fields.length != 5 || fields[2].equals("event_time")) {
        continue;
      }
      try {
        days.add(TimeParsers.timestamp(fields[2]).atZone(TimeParsers.SHANGHAI).toLocalDate());
      } catch (Reject e) {
        // A planted bad value.
      }
    }
    return days;
  }

  @Test
  void theCloudStoryHasBandwidthAtFourYuanAgainstASixYuanCost() {
    LocalDate mid2020 = LocalDate.of(2020, 6, 1);
    assertThat(CloudStory.marketCost("bandwidth", mid2020)).isEqualTo(6.0);
    assertThat(CloudStory.marketPrice("bandwidth", mid2020)).isEqualTo(4.0);
  }

  @Test
  void refusesANonEmptyOutputFolder() throws IOException {
    Files.writeString(tmp.resolve("keep.txt"), "x");
    assertThatThrownBy(() -> new StoryGenerator(0.01, 1).write(tmp))
        .hasMessageContaining("Invalid value for --out");
  }

  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            root.relativize(p).toString(),
            new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                .replace("\u00EF\u00BB\u00BF", "\uFEFF"));
      }
    }
    return files;
  }
}

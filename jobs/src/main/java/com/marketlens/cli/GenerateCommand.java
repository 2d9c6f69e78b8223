package com.marketlens.cli;

import com.marketlens.error.Errors;
import com.marketlens.generate.StoryGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Write the nine scraped datasets, with the story and the messiness of data/sample, at any scale.")
final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--scale",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Size: scale 1 is about 1 million activity rows (fractions allowed, e.g. 0.02).")
  double scale;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Random seed: same seed, same files.")
  long seed;

  @Option(
      names = "--daily-days",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Write the story's last N days (to 2011-12-31) as daily drops: each day's rows in files"
              + " scraped the next morning, after one history scrape of the days before, with a"
              + " re-scrape of older days half-way; then `run --run-date D` once per scrape date"
              + " (printed). 0: the whole story in one scrape, as data/sample.")
  int dailyDays;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "Output folder (created; must be empty).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!(scale > 0 && scale <= 1000)) {
      throw Errors.badOption("--scale", String.valueOf(scale), "a number above 0 and at most 1000");
    }
    if (dailyDays < 0 || dailyDays > StoryGenerator.MAX_DAILY_DAYS) {
      throw Errors.badOption(
          "--daily-days",
          String.valueOf(dailyDays),
          "a whole number of days from 0 to " + StoryGenerator.MAX_DAILY_DAYS);
    }
    StoryGenerator.Result r = new StoryGenerator(scale, seed, dailyDays).write(out);
    spec.commandLine().getOut().println(r);
    spec.commandLine().getOut().flush();
    return 0;
  }
}

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
    StoryGenerator.Result r = new StoryGenerator(scale, seed).write(out);
    spec.commandLine().getOut().println(r);
    spec.commandLine().getOut().flush();
    return 0;
  }
}

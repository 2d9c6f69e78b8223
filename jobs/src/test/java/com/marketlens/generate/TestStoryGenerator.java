package com.marketlens.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketlens.io.SourceFile;
import com.marketlens.schema.Datasets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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

package com.marketlens.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is rendered from the settings table, and every default is a valid value.
 */
class TestConfigurationDocs {

  @Test
  void theCommittedFileMatchesTheSettings() throws IOException {
    Path home = Path.of(System.getProperty("marketlens.home", ".."));
    assertThat(Files.readString(home.resolve("docs/configuration.md")))
        .as("run bin/marketlens contracts --config-doc docs/configuration.md")
        .isEqualTo(ConfigurationDocs.markdown());
  }

  @Test
  void eachKeyIsDeclaredOnceAndEveryDefaultParses() {
    Set<String> keys = new HashSet<>();
    for (Setting<?> s : Settings.ALL) {
      assertThat(keys.add(s.key())).as(s.key()).isTrue();
      assertThat(s.key()).startsWith("marketlens.");
      if (s.defaultValue() != null) {
        assertThat(s.parse(s.defaultValue())).as(s.key()).isNotNull();
      }
    }
    PipelineConf defaults = PipelineConf.resolve(null, Map.of(), Map.of(), "2024-01-01");
    assertThat(defaults.get(Settings.MAX_QUARANTINE_SHARE)).isEqualTo(0.25);
    assertThat(defaults.targetFileBytes()).isEqualTo(128L * 1024 * 1024);
  }
}

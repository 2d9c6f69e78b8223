package com.marketlens;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each package says in its package-info.java what it is for and which packages it may depend on
 * ("Depends on: a, b."); the main sources import no other package, and no package reaches itself
 * through its imports.
 */
class TestPackageDependencies {

  private static final Path SOURCES =
      Path.of(System.getProperty("marketlens.home", "..")).resolve("jobs/src/main/java");
  private static final String ROOT = "com.marketlens";
  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?(com\\.marketlens(?:\\.[a-z]+)*)\\.[A-Z]", Pattern.MULTILINE);
  private static final Pattern DEPENDS = Pattern.compile("Depends on: (.+?)\\.\\s*/");

  /** Imported packages (short names: "io", "gold.growth"; "" for the root) per package. */
  private static Map<String, Set<String>> imports() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES.resolve("com/marketlens"))) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .forEach(
              f -> {
                String pkg =
                    shortName(SOURCES.relativize(f.getParent()).toString().replace('/', '.'));
                Set<String> set = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(read(f));
                while (m.find()) {
                  String imported = shortName(m.group(1));
                  if (!imported.equals(pkg)) {
                    set.add(imported);
                  }
                }
              });
    }
    return deps;
  }

  private static String shortName(String pkg) {
    return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyPackageDeclaresWhatItMayDependOnAndKeepsToIt() throws IOException {
    for (Map.Entry<String, Set<String>> e : imports().entrySet()) {
      Path info =
          SOURCES
              .resolve((ROOT + (e.getKey().isEmpty() ? "" : "." + e.getKey())).replace('.', '/'))
              .resolve("package-info.java");
      assertThat(info).as("package-info of " + ROOT + "." + e.getKey()).exists();
      String javadoc = read(info).replaceAll("\\n \\* ?", " ");
      Matcher m = DEPENDS.matcher(javadoc);
      assertThat(m.find()).as(info + " says \"Depends on: ...\"").isTrue();
      Set<String> declared = new HashSet<>();
      for (String d : m.group(1).split(",")) {
        if (!d.isBlank() && !d.strip().equals("nothing")) {
          declared.add(d.strip());
        }
      }
      assertThat(declared).as("declared dependencies of " + info).containsAll(e.getValue());
    }
  }

  @Test
  void noPackageReachesItselfThroughItsImports() throws IOException {
    Map<String, Set<String>> deps = imports();
    for (String start : deps.keySet()) {
      Deque<String> todo = new ArrayDeque<>(deps.get(start));
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String next = todo.pop();
        assertThat(next)
            .as("a package that " + start + " reaches through its imports")
            .isNotEqualTo(start);
        if (seen.add(next)) {
          todo.addAll(deps.getOrDefault(next, Set.of()));
        }
      }
    }
  }
}

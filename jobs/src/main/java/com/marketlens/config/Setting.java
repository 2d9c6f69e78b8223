package com.marketlens.config;

import com.marketlens.error.Errors;
import java.util.function.Function;

/**
 * One {@code marketlens.*} setting, declared once in {@link Settings}: its key, its default as text
 * (null: none), the parser that turns text into the typed value (and refuses what it cannot take),
 * the expected form named in the error, and a line of documentation (rendered into
 * docs/configuration.md).
 *
 * @param <T> the type of the parsed value
 */
public record Setting<T>(
    String key, String defaultValue, Function<String, T> parser, String expected, String doc) {

  /**
   * The typed value of {@code text}; a value the parser refuses is a usage error naming key and
   * value.
   */
  public T parse(String text) {
    try {
      return parser.apply(text.strip());
    } catch (RuntimeException e) {
      throw Errors.badOption(key, text, expected);
    }
  }
}

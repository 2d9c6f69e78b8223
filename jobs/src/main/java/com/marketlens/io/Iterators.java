package com.marketlens.io;

import java.util.Iterator;
import java.util.function.Function;

/**
 * Lazy iterator helpers for partition-at-a-time functions (no list of a whole partition in memory).
 */
public final class Iterators {

  private Iterators() {}

  public static <A, B> Iterator<B> map(Iterator<A> source, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public B next() {
        return f.apply(source.next());
      }
    };
  }
}

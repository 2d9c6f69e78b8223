package com.marketlens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestConcurrently {

  @Test
  void resultsComeBackInTaskOrderWhateverOrderTheTasksFinishIn() {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      tasks.add(() -> {
        Thread.sleep(5L * (6 - n));
        return n;
      });
    }
    assertThat(Concurrently.run(3, tasks)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(Concurrently.run(1, tasks)).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void tasksReallyOverlapUpToTheThreadCount() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Callable<Boolean> waitForTheOther = () -> {
      bothStarted.countDown();
      return bothStarted.await(10, TimeUnit.SECONDS);
    };
    assertThat(Concurrently.run(2, List.of(waitForTheOther, waitForTheOther))).containsExactly(true, true);
  }

  @Test
  void aFailureIsThrownAfterTheRunningTasksFinishAndLaterTasksAreSkipped() {
    AtomicInteger finished = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(() -> {
      threads.add(Thread.currentThread().getName());
      Thread.sleep(200);
      finished.incrementAndGet();
      return 1;
    });
    tasks.add(() -> {
      throw new IllegalArgumentException("dataset b is broken");
    });
    for (int i = 0; i < 20; i++) {
      tasks.add(() -> {
        Thread.sleep(50);
        finished.incrementAndGet();
        return 0;
      });
    }
    assertThatThrownBy(() -> Concurrently.run(2, tasks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset b is broken");
    assertThat(finished.get()).as("the running task finished; the queued ones after the failure did not all run")
        .isGreaterThanOrEqualTo(1).isLessThan(21);
    assertThat(threads).allMatch(t -> t.startsWith("marketlens-"));
  }

  @Test
  void oneThreadStopsAtTheFirstFailure() {
    AtomicInteger ran = new AtomicInteger();
    List<Callable<Integer>> tasks = List.of(
        () -> ran.incrementAndGet(),
        () -> {
          throw new IllegalStateException("stop");
        },
        () -> ran.incrementAndGet());
    assertThatThrownBy(() -> Concurrently.run(1, tasks)).hasMessage("stop");
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void checkedExceptionsAreWrappedWithTheirMessage() {
    List<Callable<Integer>> tasks = List.of(() -> {
      throw new java.io.IOException("disk full");
    }, () -> 2);
    assertThatThrownBy(() -> Concurrently.run(2, tasks)).isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full").hasCauseInstanceOf(java.io.IOException.class);
  }
}

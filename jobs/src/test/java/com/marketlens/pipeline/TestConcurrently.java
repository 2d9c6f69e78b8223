package com.marketlens.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
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
    // Task 0 finishes only after task 1 has: the results still come back as 0, 1, 2, ...
    CountDownLatch secondDone = new CountDownLatch(1);
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      int n = i;
      tasks.add(
          () -> {
            if (n == 0) {
              assertThat(secondDone.await(10, TimeUnit.SECONDS)).isTrue();
            }
            finished.add(n);
            if (n == 1) {
              secondDone.countDown();
            }
            return n;
          });
    }
    assertThat(Concurrently.run(3, tasks)).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(finished.indexOf(1)).isLessThan(finished.indexOf(0));
    // One thread: each task in turn (task 1 has already counted down).
    assertThat(Concurrently.run(1, tasks)).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void tasksReallyOverlapUpToTheThreadCount() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Callable<Boolean> waitForTheOther =
        () -> {
          bothStarted.countDown();
          return bothStarted.await(10, TimeUnit.SECONDS);
        };
    assertThat(Concurrently.run(2, List.of(waitForTheOther, waitForTheOther)))
        .containsExactly(true, true);
  }

  @Test
  void aFailureIsThrownAfterTheRunningTasksFinishAndLaterTasksAreSkipped() {
    AtomicInteger longTaskFinished = new AtomicInteger();
    AtomicInteger queuedTasksRun = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    // The two first tasks start on the pool's two threads. The failing one waits until the long one
    // has
    // started (otherwise the long one could be skipped too: the race an earlier version of this
    // test lost),
    // and the long one keeps running until the other is about to throw.
    CountDownLatch longTaskStarted = new CountDownLatch(1);
    CountDownLatch aboutToFail = new CountDownLatch(1);
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(
        () -> {
          threads.add(Thread.currentThread().getName());
          longTaskStarted.countDown();
          aboutToFail.await(10, TimeUnit.SECONDS);
          Thread.sleep(200);
          longTaskFinished.incrementAndGet();
          return 1;
        });
    tasks.add(
        () -> {
          longTaskStarted.await(10, TimeUnit.SECONDS);
          aboutToFail.countDown();
          throw new IllegalArgumentException("dataset b is broken");
        });
    for (int i = 0; i < 20; i++) {
      tasks.add(
          () -> {
            Thread.sleep(50);
            queuedTasksRun.incrementAndGet();
            return 0;
          });
    }
    assertThatThrownBy(() -> Concurrently.run(2, tasks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataset b is broken");
    assertThat(longTaskFinished.get())
        .as("the task running when the other failed finished first")
        .isEqualTo(1);
    // Every queued task is skipped unless the failing thread stalls for over a second between its
    // countDown and recording the failure; the bound leaves that margin.
    assertThat(queuedTasksRun.get())
        .as("queued tasks after the failure were skipped")
        .isLessThan(20);
    assertThat(threads).allMatch(t -> t.startsWith("marketlens-"));
  }

  @Test
  void oneThreadStopsAtTheFirstFailure() {
    AtomicInteger ran = new AtomicInteger();
    List<Callable<Integer>> tasks =
        List.of(
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
    List<Callable<Integer>> tasks =
        List.of(
            () -> {
              throw new IOException("disk full");
            },
            () -> 2);
    assertThatThrownBy(() -> Concurrently.run(2, tasks))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full")
        .hasCauseInstanceOf(IOException.class);
  }
}

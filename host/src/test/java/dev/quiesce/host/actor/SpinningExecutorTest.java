package dev.quiesce.host.actor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host dispatcher's spinning pool runs every task it is given, whether its workers spin or park. */
class SpinningExecutorTest {

    @Test
    void aTaskGivenToParkedWorkersIsNeverLost() throws InterruptedException {
        SpinningExecutor pool = new SpinningExecutor(2, 0, Executors.defaultThreadFactory()); // no spin: park at once
        try {
            for (int i = 0; i < 5_000; i++) { // one task at a time: each arrives at workers that parked or are parking
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).as("task %d ran", i).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void burstsFromSeveralThreadsAllRun() throws InterruptedException {
        SpinningExecutor pool = new SpinningExecutor(2, 20_000, Executors.defaultThreadFactory());
        AtomicInteger count = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(4 * 10_000);
        Thread[] senders = new Thread[4];
        for (int s = 0; s < senders.length; s++) {
            senders[s] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    pool.execute(() -> {
                        count.incrementAndGet();
                        done.countDown();
                    });
                }
            });
            senders[s].start();
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count.get()).isEqualTo(40_000);
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aShutDownPoolEndsItsWorkersAndRefusesTasks() throws InterruptedException {
        SpinningExecutor pool = new SpinningExecutor(3, 1_000_000, Executors.defaultThreadFactory());
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aTaskThatThrowsIsReportedAndTheWorkerRunsTheNextTask() throws InterruptedException {
        AtomicInteger reported = new AtomicInteger();
        java.util.concurrent.ThreadFactory factory = r -> {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((thread, e) -> reported.incrementAndGet());
            return t;
        };
        SpinningExecutor pool = new SpinningExecutor(1, 0, factory);
        try {
            pool.execute(() -> {
                throw new IllegalStateException("boom");
            });
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown);
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(reported.get()).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void idleWorkersPollOnlyWhileThePoolsOfTheProcessFitItsProcessors() throws InterruptedException {
        boolean before = SpinningExecutor.polls();
        int processors = Runtime.getRuntime().availableProcessors();
        SpinningExecutor crowd = new SpinningExecutor(processors + 1, 50_000, Executors.defaultThreadFactory());
        assertThat(SpinningExecutor.polls()).as("more workers than processors: park at once").isFalse();
        CountDownLatch ran = new CountDownLatch(1);
        crowd.execute(ran::countDown); // parked workers still get their tasks
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        crowd.shutdown();
        crowd.shutdown(); // counted once
        assertThat(crowd.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(SpinningExecutor.polls()).isEqualTo(before);
    }
}

package dev.quiesce.host.actor;

import dev.quiesce.time.SuppressForbidden;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads that, when they run out of work, poll for a bounded time, yielding the processor
 * between polls, before they park: the executor of a host's dispatcher ({@link SpinningExecutorConfigurator}).
 * Between two quanta a worker is idle for a few microseconds only (the host merges and hashes the quantum, then
 * sends the next {@code RunQuantum}s); parking it and waking it again costs more than that in a virtual machine,
 * where the wake-up is an inter-processor interrupt to a halted virtual CPU (measured in docs/benchmarks.md,
 * "Parallel lockstep"). Yielding rather than spinning hands the core over when other threads are runnable (a sweep
 * running several hosts at once on few cores) and polls again at once when none is; and when the pools of this
 * process have more threads than there are processors (a sweep's hosts side by side), idle workers park at once, as
 * a plain pool's do. Which thread runs an actor
 * never changes what the simulation does (docs/architecture.md §3 rule 4), so the wall clock that bounds the polling
 * decides nothing but scheduling.
 */
@SuppressForbidden("the spin before parking is bounded in wall time; it decides which thread runs an actor, never"
        + " what the simulation does")
final class SpinningExecutor extends AbstractExecutorService {

    /** Worker threads of every pool of this process that is not shut down. */
    private static final AtomicInteger LIVE = new AtomicInteger();
    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Worker[] workers;
    private final long spinNs;
    private volatile boolean shutdown;

    SpinningExecutor(int threads, long spinNs, ThreadFactory factory) {
        if (threads < 1 || spinNs < 0) {
            throw new IllegalArgumentException("threads must be at least 1 and the spin not negative");
        }
        this.spinNs = spinNs;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
            workers[i].thread = factory.newThread(workers[i]);
        }
        LIVE.addAndGet(threads);
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Whether idle workers poll before they park: only while the process's pools fit its processors. */
    static boolean polls() {
        return LIVE.get() <= PROCESSORS;
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("executor shut down");
        }
        queue.offer(task);
        for (Worker w : workers) { // the queue's offer happens before this read: a worker about to park sees the task
            if (w.parked) {
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    @Override
    public synchronized void shutdown() {
        if (!shutdown) {
            LIVE.addAndGet(-workers.length);
        }
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        List<Runnable> left = new java.util.ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        for (Worker w : workers) {
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout); // forbidden-ok: awaitTermination's own timeout
        for (Worker w : workers) {
            long left = deadline - System.nanoTime(); // forbidden-ok: awaitTermination's own timeout
            if (left <= 0) {
                return isTerminated();
            }
            TimeUnit.NANOSECONDS.timedJoin(w.thread, left);
        }
        return isTerminated();
    }

    /** One worker: runs tasks, spins for {@code spinNs} when there are none, then parks until a task arrives. */
    @SuppressForbidden("its spin before parking is bounded in wall time (see the executor)")
    private final class Worker implements Runnable {
        private Thread thread;
        private volatile boolean parked;

        @Override
        public void run() {
            while (true) {
                Runnable task = next();
                if (task != null) {
                    try {
                        task.run();
                    } catch (Throwable t) { // reported as a dying pool thread's would be; the worker stays
                        Thread me = Thread.currentThread();
                        me.getUncaughtExceptionHandler().uncaughtException(me, t);
                    }
                } else if (shutdown) {
                    return;
                }
            }
        }

        private Runnable next() {
            Runnable task = queue.poll();
            if (task != null) {
                return task;
            }
            long until = System.nanoTime() + (polls() ? spinNs : 0); // forbidden-ok: a thread's spin before parking
            do {
                Thread.yield(); // not a busy spin: another runnable thread (another host's, a build's) gets the core
                task = queue.poll();
            } while (task == null && !shutdown && System.nanoTime() - until < 0); // forbidden-ok: the same spin
            if (task != null || shutdown) {
                return task;
            }
            parked = true; // then look again: a task offered before this write is seen, one after it unparks us
            if (queue.isEmpty() && !shutdown) {
                LockSupport.park(this);
            }
            parked = false;
            return null;
        }
    }
}

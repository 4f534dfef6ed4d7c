// A tiny test harness for the Java tests (no JUnit: plain Java 17): named
// tests, one line each ("ok name" / "FAILED name: ..."), then the closing
// "N passed, N failed" line that CI sums; the exit code is non-zero on failure.
package dev.workosdsync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

public final class JavaHarness {
    /** A test body; it may throw anything, which fails the test. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /** A check of a caught exception; it may throw anything, which fails the test. */
    @FunctionalInterface
    public interface Check<E> {
        void check(E caught) throws Exception;
    }

    private record Test(String name, Body body) {}

    private final List<Test> tests = new ArrayList<>();

    public void test(String name, Body body) {
        tests.add(new Test(name, body));
    }

    /** Runs every test, each on its own daemon thread with a 120 s limit; returns the number failed. */
    public int runAll() {
        int passed = 0;
        int failed = 0;
        for (Test t : tests) {
            ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "test " + t.name());
                thread.setDaemon(true);
                return thread;
            });
            Future<?> result = runner.submit(() -> {
                t.body().run();
                return null;
            });
            try {
                result.get(120, TimeUnit.SECONDS);
                System.out.println("ok " + t.name());
                passed++;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                System.out.println("FAILED " + t.name() + ": " + cause);
                StackTraceElement[] trace = cause.getStackTrace();
                for (int i = 0; i < Math.min(6, trace.length); i++) System.out.println("    at " + trace[i]);
                failed++;
            } catch (TimeoutException e) {
                result.cancel(true);
                System.out.println("FAILED " + t.name() + ": timed out after 120 s");
                failed++;
            } catch (InterruptedException e) {
                System.out.println("FAILED " + t.name() + ": harness interrupted");
                failed++;
                Thread.currentThread().interrupt();
            } finally {
                runner.shutdownNow();
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        return failed;
    }

    public static void verify(boolean condition, Supplier<String> message) {
        if (!condition) throw new AssertionError(message.get());
    }

    public static void verifyEquals(Object expected, Object actual, String what) {
        if (expected == null ? actual != null : !expected.equals(actual)) {
            throw new AssertionError(what + ": expected <" + expected + ">, got <" + actual + ">");
        }
    }

    /**
     * Runs `call`, which must throw a `type`: fails with `ifReturned` when it returns,
     * rethrows any other exception, and hands the `type` to `check`.
     */
    public static <E extends Exception> void expectThrows(Class<E> type, String ifReturned, Body call, Check<? super E> check)
            throws Exception {
        try {
            call.run();
        } catch (Exception thrown) {
            if (!type.isInstance(thrown)) throw thrown;
            check.check(type.cast(thrown));
            return;
        }
        throw new AssertionError(ifReturned);
    }

    /** `expectThrows` with nothing more to check of the exception. */
    public static <E extends Exception> void expectThrows(Class<E> type, String ifReturned, Body call) throws Exception {
        expectThrows(type, ifReturned, call, caught -> {});
    }

    /** Polls a condition every 10 ms until it holds or `timeoutMillis` pass; returns whether it held. */
    public static boolean pollUntil(long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return condition.getAsBoolean();
            Thread.sleep(10);
        }
        return true;
    }

    public static void main(String[] args) {
        JavaMock mock = JavaMock.start();
        int failed;
        try {
            JavaHarness harness = new JavaHarness();
            JavaClientTests.register(harness, mock);
            failed = harness.runAll();
        } finally {
            mock.stop();
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}

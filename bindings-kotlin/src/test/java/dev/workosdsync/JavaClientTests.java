// WorkOsJavaClient as Java code uses it, against the mock binary over real
// HTTP: builders, blocking calls, CompletableFutures, Iterable/Stream paging,
// typed errors, cancellation and interruption without leaked native calls.
package dev.workosdsync;

import static dev.workosdsync.JavaHarness.expectThrows;
import static dev.workosdsync.JavaHarness.pollUntil;
import static dev.workosdsync.JavaHarness.verify;
import static dev.workosdsync.JavaHarness.verifyEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;

final class JavaClientTests {
    private JavaClientTests() {}

    private static final String JAVA_VERSION = System.getProperty("java.version");

    /** The native library's count of calls in flight, through the generated top-level function. */
    private static long inFlight() {
        return Workos_dsync_uniffiKt.inFlightCalls();
    }

    /** What a call interrupted by `interruptInFlight` gave (its result or what it threw), and when it was interrupted. */
    private record Interrupted(Object outcome, long interruptedAt) {}

    /**
     * Runs `call` on a thread of its own, interrupts that thread once one native call is in
     * flight, and waits up to 4 s for it to end; fails when `what` ignored the interrupt.
     */
    private static Interrupted interruptInFlight(String what, Callable<Object> call) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(call.call());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, what);
        caller.start();
        verify(pollUntil(5_000, () -> inFlight() == 1), () -> what + ": in flight before interrupt: " + inFlight());
        long interruptedAt = System.nanoTime();
        caller.interrupt();
        caller.join(4_000);
        verify(!caller.isAlive(), () -> what + " ignored the interrupt");
        return new Interrupted(outcome.get(), interruptedAt);
    }

    /** Polls until no native call is in flight; fails after 3 s (well under the mock's 5 s delays). */
    private static void noCallsInFlight(String when) throws InterruptedException {
        verify(pollUntil(3_000, () -> inFlight() == 0), () -> "calls still in flight " + when + ": " + inFlight());
    }

    private static List<String> ids(JSONArray directories) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < directories.length(); i++) ids.add(directories.getJSONObject(i).getString("id"));
        return ids;
    }

    private static JSONObject query(JSONObject logEntry) {
        JSONObject q = logEntry.optJSONObject("query_params");
        return q == null ? new JSONObject() : q;
    }

    private static JSONObject delayFault(String path, int delayMs) {
        return new JSONObject().put("method", "GET").put("path", path).put("delay_ms", delayMs).put("times", 20);
    }

    /** Resets the mock to `count` generated directories; returns their ids. */
    private static List<String> resetTo(JavaMock mock, int count) {
        mock.reset(count);
        return ids(mock.directories());
    }

    /** Resets the mock to one directory, whose gets take 5 s; returns its id. */
    private static String slowDirectory(JavaMock mock) throws Exception {
        String id = resetTo(mock, 1).get(0);
        mock.fault(delayFault("/directories/" + id, 5000));
        return id;
    }

    private static final JSONObject GLOBEX = new JSONObject()
        .put("object", "directory")
        .put("id", "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1")
        .put("organization_id", "org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C")
        .put("external_key", "kx8DPq2LmN4sT7v1")
        .put("type", "okta scim v2.0")
        .put("state", "linked")
        .put("name", "Globex Health")
        .put("domain", "globex-health.com")
        .put("metadata", new JSONObject().put("users", new JSONObject().put("active", 41).put("inactive", 1)).put("groups", 6))
        .put("created_at", "2024-03-01T10:00:00.000Z")
        .put("updated_at", "2024-03-01T11:30:00.000Z");

    static void register(JavaHarness t, JavaMock mock) {
        t.test("get returns every field; the User-Agent names java", () -> {
            mock.reset(0);
            mock.add(new JSONArray().put(GLOBEX));
            mock.clearLog();
            try (WorkOsJavaClient client = mock.client()) {
                verifyEquals(mock.url, client.baseUrl(), "base url");
                Directory d = client.getDirectory("directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1");
                verifyEquals("directory", d.getObject(), "object");
                verifyEquals("directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1", d.getId(), "id");
                verifyEquals("org_01HZ8RPZ0B9V3F2S0Q8K5N1T4C", d.getOrganizationId(), "organization id");
                verifyEquals("kx8DPq2LmN4sT7v1", d.getExternalKey(), "external key");
                verifyEquals(DirectoryType.OktaScimV2.INSTANCE, d.getDirectoryType(), "type");
                verifyEquals("okta scim v2.0", WorkOsJavaClient.wireValue(d.getDirectoryType()), "type wire value");
                verifyEquals(DirectoryState.Linked.INSTANCE, d.getState(), "state");
                verifyEquals("linked", WorkOsJavaClient.wireValue(d.getState()), "state wire value");
                verifyEquals("Globex Health", d.getName(), "name");
                verifyEquals("globex-health.com", d.getDomain(), "domain");
                verifyEquals(41L, d.getMetadata().getUsers().getActive(), "active users");
                verifyEquals(1L, d.getMetadata().getUsers().getInactive(), "inactive users");
                verifyEquals(6L, d.getMetadata().getGroups(), "groups");
                verifyEquals("2024-03-01T10:00:00.000Z", d.getCreatedAt(), "created at");
                verifyEquals("2024-03-01T11:30:00.000Z", d.getUpdatedAt(), "updated at");
            }
            JSONArray log = mock.requests();
            verifyEquals(1, log.length(), "requests");
            JSONObject entry = log.getJSONObject(0);
            verifyEquals("/directories/directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1", entry.getString("path"), "path");
            String ua = entry.getString("user_agent");
            verify(ua.startsWith("workos-dsync/") && ua.contains(" java/" + JAVA_VERSION), () -> "user agent " + ua);
        });

        t.test("unknown enum values are kept; optional fields are null", () -> {
            mock.reset(0);
            mock.add(new JSONArray().put(new JSONObject()
                .put("id", "directory_odd").put("type", "future hr").put("state", "hibernating").put("name", "Odd")));
            try (WorkOsJavaClient client = mock.client()) {
                Directory d = client.getDirectory("directory_odd");
                verifyEquals(new DirectoryType.Other("future hr"), d.getDirectoryType(), "type");
                verifyEquals("future hr", WorkOsJavaClient.wireValue(d.getDirectoryType()), "type wire value");
                verifyEquals("hibernating", WorkOsJavaClient.wireValue(d.getState()), "state wire value");
                verify(d.getDomain() == null && d.getMetadata() == null, () -> "optional fields " + d);
            }
        });

        t.test("list sends every param and returns the page", () -> {
            mock.reset(0);
            mock.add(new JSONObject().put("generate", 6).put("organization_id", "org_java")
                .put("domain", "acme.test").put("name", "Acme Widgets"));
            mock.add(new JSONObject().put("generate", 3));
            List<String> all = ids(mock.directories());
            mock.clearLog();
            try (WorkOsJavaClient client = mock.client()) {
                ListParams params = JavaListParams.builder()
                    .organizationId("org_java").search("acme").domain("acme.test")
                    .limit(3).after(all.get(0)).before(all.get(5)).order("asc")
                    .build();
                DirectoryList page = client.listDirectories(params);
                verifyEquals(all.subList(1, 4), page.getData().stream().map(Directory::getId).collect(Collectors.toList()), "page ids");
                verifyEquals("list", page.getObject(), "object");
                verifyEquals(all.get(1), page.getListMetadata().getBefore(), "before cursor");
                verifyEquals(all.get(3), page.getListMetadata().getAfter(), "after cursor");
                JSONArray log = mock.requests();
                verifyEquals(1, log.length(), "requests");
                JSONObject q = query(log.getJSONObject(0));
                JSONObject expected = new JSONObject()
                    .put("organization_id", "org_java").put("search", "acme").put("domain", "acme.test")
                    .put("limit", "3").put("after", all.get(0)).put("before", all.get(5)).put("order", "asc");
                verify(q.similar(expected), () -> "query " + q + ", expected " + expected);

                mock.clearLog();
                DirectoryList first = client.listDirectories();
                verifyEquals(9, first.getData().size(), "default page size");
                JSONObject none = query(mock.requests().getJSONObject(0));
                verify(none.isEmpty(), () -> "no-arg list sent a query: " + none);

                ListParams ascending = JavaListParams.builder().order("asc").build();
                verifyEquals(new ListParams(null, null, null, null, null, null, "asc"), ascending, "builder result");
            }
        });

        t.test("directories() is a lazy Iterable over every page", () -> {
            List<String> expected = resetTo(mock, 45);
            try (WorkOsJavaClient client = mock.client()) {
                ListParams p = JavaListParams.builder().limit(10).order("asc").build();
                mock.clearLog();
                List<String> taken = new ArrayList<>();
                for (Directory d : client.directories(p)) {
                    taken.add(d.getId());
                    if (taken.size() == 15) break;
                }
                verifyEquals(expected.subList(0, 15), taken, "first 15");
                JSONArray log = mock.requests();
                verifyEquals(2, log.length(), "requests for 15 items of 10 a page");
                verifyEquals(expected.get(9), query(log.getJSONObject(1)).optString("after"), "second page cursor");

                mock.clearLog();
                List<String> every = new ArrayList<>();
                Iterable<Directory> iterable = client.directories(p);
                for (Directory d : iterable) every.add(d.getId());
                verifyEquals(expected, every, "every directory in order");
                log = mock.requests();
                verifyEquals(5, log.length(), "requests for 45 items");
                for (int i = 0; i < log.length(); i++) {
                    JSONObject q = query(log.getJSONObject(i));
                    verify("10".equals(q.optString("limit")) && "asc".equals(q.optString("order")), () -> "filters lost: " + q);
                }
                int again = 0;
                for (Directory ignored : iterable) again++;
                verifyEquals(45, again, "a second for-each over the same Iterable starts again");
                int defaults = 0;
                for (Directory ignored : client.directories()) defaults++;
                verifyEquals(45, defaults, "directories() without params");
            }
        });

        t.test("paging keeps the filters on every page", () -> {
            mock.reset(0);
            mock.add(new JSONObject().put("generate", 25).put("organization_id", "org_keep"));
            mock.add(new JSONObject().put("generate", 15).put("organization_id", "org_other"));
            try (WorkOsJavaClient client = mock.client()) {
                mock.clearLog();
                ListParams p = JavaListParams.builder().organizationId("org_keep").limit(10).build();
                List<Directory> got = new ArrayList<>();
                for (Directory d : client.directories(p)) got.add(d);
                verifyEquals(25, got.size(), "directories of org_keep");
                verify(got.stream().allMatch(d -> d.getOrganizationId().equals("org_keep")), () -> "other org listed");
                JSONArray log = mock.requests();
                verifyEquals(3, log.length(), "requests");
                for (int i = 0; i < log.length(); i++) {
                    JSONObject q = query(log.getJSONObject(i));
                    verify("org_keep".equals(q.optString("organization_id")) && "10".equals(q.optString("limit")),
                        () -> "filters lost: " + q);
                }
            }
        });

        t.test("directoryStream() is lazy and closes", () -> {
            List<String> expected = resetTo(mock, 45);
            try (WorkOsJavaClient client = mock.client()) {
                ListParams p = JavaListParams.builder().limit(10).order("asc").build();
                mock.clearLog();
                List<String> first;
                try (Stream<Directory> stream = client.directoryStream(p)) {
                    first = stream.limit(15).map(Directory::getId).collect(Collectors.toList());
                }
                verifyEquals(expected.subList(0, 15), first, "first 15");
                verifyEquals(2, mock.requests().length(), "requests for 15 items of 10 a page");

                mock.clearLog();
                Stream<Directory> unused = client.directoryStream(p);
                unused.close();
                verifyEquals(0, mock.requests().length(), "a stream fetches nothing until used");

                Set<String> all;
                try (Stream<Directory> stream = client.directoryStream(p)) {
                    all = stream.map(Directory::getId).collect(Collectors.toSet());
                }
                verifyEquals(Set.copyOf(expected), all, "every directory");
                try (Stream<Directory> stream = client.directoryStream()) {
                    verifyEquals(45L, stream.count(), "directoryStream() without params");
                }
            }
        });

        t.test("pages() gives each page with its cursors", () -> {
            mock.reset(45);
            try (WorkOsJavaClient client = mock.client()) {
                List<Integer> sizes = new ArrayList<>();
                List<DirectoryList> pages = new ArrayList<>();
                for (DirectoryList page : client.pages(JavaListParams.builder().limit(10).build())) {
                    sizes.add(page.getData().size());
                    pages.add(page);
                }
                verifyEquals(List.of(10, 10, 10, 10, 5), sizes, "page sizes");
                verifyEquals(null, pages.get(0).getListMetadata().getBefore(), "first page before");
                verifyEquals(null, pages.get(4).getListMetadata().getAfter(), "last page after");
                verifyEquals(pages.get(0).getData().get(9).getId(), pages.get(0).getListMetadata().getAfter(), "first page after");
            }
        });

        t.test("delete removes; then get and delete are NotFound with every field", () -> {
            List<String> ids = resetTo(mock, 3);
            try (WorkOsJavaClient client = mock.client()) {
                client.deleteDirectory(ids.get(0));
                verifyEquals(2, mock.directories().length(), "directories left");
                expectThrows(WorkOsException.NotFound.class, "get after delete succeeded",
                        () -> client.getDirectory(ids.get(0)), e -> {
                    ErrorInfo info = WorkOsJavaClient.info(e);
                    verifyEquals("not_found", info.getKind(), "kind");
                    verifyEquals(404, info.getStatus(), "status");
                    verifyEquals("entity_not_found", info.getCode(), "code");
                    verify(info.getDetail().contains("Directory not found"), () -> "detail " + info.getDetail());
                    verify(info.getRequestId() != null && info.getRequestId().startsWith("req_"), () -> "request id " + info);
                    verify(info.getFieldErrors().isEmpty(), () -> "field errors " + info);
                    verifyEquals(null, info.getRetryAfterSeconds(), "retry after");
                    verifyEquals(info.getKind(), e.getKind(), "kind getter on the subclass");
                });
                expectThrows(WorkOsException.NotFound.class, "second delete succeeded",
                        () -> client.deleteDirectory(ids.get(0)), e -> {
                    verifyEquals(404, WorkOsJavaClient.info(e).getStatus(), "status");
                });
                verifyEquals(null, client.deleteDirectoryAsync(ids.get(1)).get(10, TimeUnit.SECONDS), "async delete");
                verifyEquals(1, mock.directories().length(), "directories left after async delete");
                expectThrows(ExecutionException.class, "async delete of a missing directory succeeded",
                        () -> client.deleteDirectoryAsync(ids.get(1)).get(), e -> {
                    verify(e.getCause() instanceof WorkOsException.NotFound, () -> "cause " + e.getCause());
                });
            }
        });

        t.test("422 carries its field errors", () -> {
            mock.reset(0);
            mock.add(new JSONArray().put(GLOBEX));
            // The client refuses a bad limit or order itself, so the 422 is the server's, injected.
            mock.fault(new JSONObject().put("method", "GET").put("path", "/directories").put("status", 422)
                    .put("body", new JSONObject().put("message", "Validation failed").put("code", "invalid_request_parameters")
                            .put("errors", new JSONArray().put(new JSONObject().put("field", "after")
                                    .put("code", "invalid_cursor").put("message", "after must be a directory id")))));
            mock.clearLog();
            try (WorkOsJavaClient client = mock.client()) {
                expectThrows(WorkOsException.UnprocessableEntity.class, "the 422 was not raised",
                        () -> client.listDirectories(JavaListParams.builder().after("directory_01HZNOTACURSORXXXXXXXXXXXXX").build()), e -> {
                    ErrorInfo info = WorkOsJavaClient.info(e);
                    verifyEquals("unprocessable_entity", info.getKind(), "kind");
                    verifyEquals(422, info.getStatus(), "status");
                    verifyEquals("invalid_request_parameters", info.getCode(), "code");
                    verify(info.getRequestId() != null && info.getRequestId().startsWith("req_"), () -> "request id " + info);
                    verify(!info.getDetail().isEmpty(), () -> "detail " + info);
                    verifyEquals(1, info.getFieldErrors().size(), "field errors");
                    FieldError fe = info.getFieldErrors().get(0);
                    verifyEquals("after", fe.getField(), "field");
                    verifyEquals("invalid_cursor", fe.getCode(), "field code");
                    verify(fe.getDetail() != null && !fe.getDetail().isEmpty(), () -> "field detail " + fe);
                });
            }
            verifyEquals(1, mock.requests().length(), "requests");
        });

        t.test("429 carries Retry-After; 500 is Server", () -> {
            mock.reset(1);
            mock.fault(new JSONObject().put("method", "GET").put("path", "/directories").put("status", 429)
                .put("headers", new JSONObject().put("Retry-After", "7")));
            mock.fault(new JSONObject().put("method", "GET").put("path", "/directories").put("status", 500));
            try (WorkOsJavaClient client = WorkOsJavaClient.builder()
                    .apiKey(JavaMock.API_KEY).baseUrl(mock.url).maxRetries(0).timeoutMillis(5000).build()) {
                expectThrows(WorkOsException.RateLimited.class, "429 succeeded", () -> client.listDirectories(), e -> {
                    ErrorInfo info = WorkOsJavaClient.info(e);
                    verifyEquals("rate_limited", info.getKind(), "kind");
                    verifyEquals(429, info.getStatus(), "status");
                    verifyEquals("mock_fault", info.getCode(), "code");
                    verifyEquals(7.0, info.getRetryAfterSeconds(), "retry after");
                    verify(info.getRequestId().startsWith("req_"), () -> "request id " + info);
                });
                expectThrows(WorkOsException.Server.class, "500 succeeded", () -> client.listDirectories(), e -> {
                    verifyEquals("server", WorkOsJavaClient.info(e).getKind(), "kind");
                    verifyEquals(500, WorkOsJavaClient.info(e).getStatus(), "status");
                });
                verifyEquals(1, client.listDirectories().getData().size(), "after the faults");
            }
        });

        t.test("invalid arguments are refused before sending", () -> {
            mock.reset(1);
            mock.clearLog();
            try (WorkOsJavaClient client = mock.client()) {
                for (ListParams bad : List.of(JavaListParams.builder().limit(0).build(),
                        JavaListParams.builder().limit(101).build(), JavaListParams.builder().order("sideways").build())) {
                    expectThrows(WorkOsException.InvalidArgument.class, "accepted " + bad,
                            () -> client.listDirectories(bad), e -> {
                        ErrorInfo info = WorkOsJavaClient.info(e);
                        verifyEquals("invalid_argument", info.getKind(), "kind");
                        verifyEquals(null, info.getStatus(), "status");
                        verifyEquals(null, info.getRequestId(), "request id");
                    });
                }
                expectThrows(WorkOsException.InvalidArgument.class, "empty id accepted",
                        () -> client.getDirectory(""), e -> {
                    verifyEquals("invalid_argument", WorkOsJavaClient.info(e).getKind(), "kind");
                });
                expectThrows(WorkOsException.InvalidArgument.class, "paging with limit 0 was accepted", () -> {
                    for (Directory ignored : client.directories(JavaListParams.builder().limit(0).build())) {
                        throw new AssertionError("iterated with limit 0");
                    }
                }, e -> {
                    verifyEquals("invalid_argument", WorkOsJavaClient.info(e).getKind(), "kind");
                });
            }
            verifyEquals(0, mock.requests().length(), "requests sent");
        });

        t.test("a wrong key is Authentication and shows nowhere", () -> {
            String secret = "sk_test_java_secret_value";
            try (WorkOsJavaClient client = WorkOsJavaClient.builder().apiKey(secret).baseUrl(mock.url).build()) {
                verify(!client.toString().contains(secret), () -> "the key leaked in " + client);
                expectThrows(WorkOsException.Authentication.class, "a wrong key was accepted",
                        () -> client.getDirectory("x"), e -> {
                    ErrorInfo info = WorkOsJavaClient.info(e);
                    verifyEquals("authentication", info.getKind(), "kind");
                    verifyEquals(401, info.getStatus(), "status");
                    verifyEquals("unauthorized", info.getCode(), "code");
                    verify(info.getRequestId() != null && info.getRequestId().startsWith("req_"), () -> "request id " + info);
                    verify(!e.toString().contains(secret) && !String.valueOf(e.getMessage()).contains(secret)
                        && !info.toString().contains(secret), () -> "the key leaked in " + e);
                });
                expectThrows(CompletionException.class, "a wrong key was accepted (async)",
                        () -> client.getDirectoryAsync("x").join(), e -> {
                    verify(e.getCause() instanceof WorkOsException.Authentication, () -> "cause " + e.getCause());
                    verify(!e.toString().contains(secret), () -> "the key leaked in " + e);
                });
            }
        });

        t.test("an unusable configuration is Configuration; out-of-range numbers are InvalidArgument", () -> {
            try (WorkOsJavaClient client = WorkOsJavaClient.builder().apiKey("k").baseUrl("http://api.example.com").build()) {
                verifyEquals(null, client.baseUrl(), "base url");
                expectThrows(WorkOsException.Configuration.class, "plain http to a remote host was used",
                        () -> client.getDirectory("x"), e -> {
                    verifyEquals("configuration", WorkOsJavaClient.info(e).getKind(), "kind");
                });
            }
            try (WorkOsJavaClient client = WorkOsJavaClient.builder().apiKey("k").baseUrl(mock.url).timeoutMillis(0).build()) {
                expectThrows(WorkOsException.Configuration.class, "a zero timeout was used",
                        () -> client.listDirectories(), e -> {
                    verifyEquals("configuration", WorkOsJavaClient.info(e).getKind(), "kind");
                });
            }
            mock.clearLog();
            Map<String, JavaHarness.Body> outOfRange = new LinkedHashMap<>();
            outOfRange.put("maxRetries -1", () -> WorkOsJavaClient.builder().maxRetries(-1));
            outOfRange.put("maxRetries MIN_VALUE", () -> WorkOsJavaClient.builder().maxRetries(Integer.MIN_VALUE));
            outOfRange.put("timeoutMillis -5", () -> WorkOsJavaClient.builder().timeoutMillis(-5));
            outOfRange.put("timeout -1ms", () -> WorkOsJavaClient.builder().timeout(Duration.ofMillis(-1)));
            outOfRange.put("timeout Long.MAX_VALUE s", () -> WorkOsJavaClient.builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)));
            for (Map.Entry<String, JavaHarness.Body> each : outOfRange.entrySet()) {
                expectThrows(WorkOsException.InvalidArgument.class, each.getKey() + ": an out-of-range value was accepted",
                        each.getValue(), e -> {
                    ErrorInfo info = WorkOsJavaClient.info(e);
                    verifyEquals("invalid_argument", info.getKind(), "kind");
                    verify(info.getDetail().contains(each.getKey().split(" ")[0]), () -> "detail " + info);
                    verifyEquals(null, info.getStatus(), "status");
                });
            }
            // The ends of the ranges are accepted.
            try (WorkOsJavaClient client = WorkOsJavaClient.builder().apiKey(JavaMock.API_KEY).baseUrl(mock.url)
                    .maxRetries(0).maxRetries(Integer.MAX_VALUE).timeoutMillis(Long.MAX_VALUE).build()) {
                client.listDirectories();
            }
            verifyEquals(1, mock.requests().length(), "requests: only the accepted client's");
        });

        t.test("a per-call timeout overrides the client's (RequestOptions overloads)", () -> {
            String id = resetTo(mock, 1).get(0);
            try (WorkOsJavaClient client = WorkOsJavaClient.builder()
                    .apiKey(JavaMock.API_KEY).baseUrl(mock.url).maxRetries(3).timeoutMillis(60_000).build()) {
                RequestOptions quick = JavaRequestOptions.builder().timeout(Duration.ofMillis(200)).maxRetries(0).build();
                mock.fault(new JSONObject().put("method", "GET").put("path", "/directories/" + id).put("delay_ms", 5000));
                mock.clearLog();
                long started = System.nanoTime();
                expectThrows(WorkOsException.Timeout.class, "the slow answer was awaited",
                        () -> client.getDirectory(id, quick), e -> {
                    verifyEquals("timeout", WorkOsJavaClient.info(e).getKind(), "kind");
                });
                long took = System.nanoTime() - started;
                verify(took < TimeUnit.SECONDS.toNanos(4), () -> "the client's 60 s timeout was used: " + took / 1_000_000 + " ms");
                verifyEquals(1, mock.requests().length(), "requests with the per-call max retries of 0");
                mock.fault(new JSONObject().put("method", "GET").put("path", "/directories/" + id).put("delay_ms", 5000));
                expectThrows(ExecutionException.class, "the slow answer was awaited (async)",
                        () -> client.getDirectoryAsync(id, quick).get(10, TimeUnit.SECONDS), e -> {
                    verify(e.getCause() instanceof WorkOsException.Timeout, () -> "cause " + e.getCause());
                });
                // Without options the client's timeout applies again: a 300 ms answer is fine.
                mock.fault(new JSONObject().put("method", "GET").put("path", "/directories/" + id).put("delay_ms", 300));
                verifyEquals(id, client.getDirectory(id).getId(), "the next call");
            }
        });

        t.test("request options: headers on every page, idempotency key, refused before sending", () -> {
            List<String> ids = resetTo(mock, 25);
            try (WorkOsJavaClient client = mock.client()) {
                RequestOptions traced = JavaRequestOptions.builder()
                    .header("X-Trace-Id", "walk-7").headers(Map.of("X-Team", "directory sync")).build();
                verifyEquals(Map.of("X-Trace-Id", "walk-7", "X-Team", "directory sync"), traced.getExtraHeaders(), "built headers");
                ListParams p = JavaListParams.builder().limit(10).build();
                mock.clearLog();
                int n = 0;
                for (Directory ignored : client.directories(p, traced)) n++;
                try (Stream<Directory> stream = client.directoryStream(p, traced)) {
                    n += (int) stream.count();
                }
                for (DirectoryList page : client.pages(p, traced)) n += page.getData().size();
                n += client.listDirectories(p, traced).getData().size();
                n += client.listDirectoriesAsync(p, traced).get(10, TimeUnit.SECONDS).getData().size();
                verifyEquals(95, n, "directories through every paging call");
                JSONArray log = mock.requests();
                verifyEquals(11, log.length(), "requests");
                for (int i = 0; i < log.length(); i++) {
                    JSONObject headers = log.getJSONObject(i).getJSONObject("headers");
                    verify("walk-7".equals(headers.optString("x-trace-id")) && "directory sync".equals(headers.optString("x-team")),
                        () -> "headers lost: " + headers);
                }

                mock.clearLog();
                client.deleteDirectory(ids.get(0), JavaRequestOptions.builder().idempotencyKey("delete-7f3a").build());
                client.deleteDirectoryAsync(ids.get(1), JavaRequestOptions.builder().idempotencyKey("delete-7f3b").build())
                    .get(10, TimeUnit.SECONDS);
                client.listDirectories();
                log = mock.requests();
                verifyEquals("delete-7f3a", log.getJSONObject(0).getJSONObject("headers").optString("idempotency-key"), "key 1");
                verifyEquals("delete-7f3b", log.getJSONObject(1).getJSONObject("headers").optString("idempotency-key"), "key 2");
                verify(!log.getJSONObject(2).getJSONObject("headers").has("idempotency-key"), () -> "the key stuck: " + mock.requests());

                mock.clearLog();
                expectThrows(WorkOsException.InvalidArgument.class, "an owned header was sent",
                        () -> client.getDirectory(ids.get(2), JavaRequestOptions.builder().header("Authorization", "Bearer x").build()), e -> {
                    verify(WorkOsJavaClient.info(e).getDetail().contains("Authorization"), () -> "detail " + WorkOsJavaClient.info(e));
                });
                expectThrows(WorkOsException.InvalidArgument.class, "a zero timeout was used", () -> {
                    for (Directory ignored : client.directories(p, JavaRequestOptions.builder().timeoutMillis(0).build())) {
                        throw new AssertionError("iterated with a zero timeout");
                    }
                });
                expectThrows(WorkOsException.Configuration.class, "plain http to a remote host was used",
                        () -> client.listDirectories(p, JavaRequestOptions.builder().baseUrl("http://api.example.com").build()));
                verifyEquals(0, mock.requests().length(), "requests sent");
            }
            Map<String, JavaHarness.Body> outOfRange = new LinkedHashMap<>();
            outOfRange.put("maxRetries -1", () -> JavaRequestOptions.builder().maxRetries(-1));
            outOfRange.put("timeoutMillis -5", () -> JavaRequestOptions.builder().timeoutMillis(-5));
            outOfRange.put("timeout Long.MAX_VALUE s", () -> JavaRequestOptions.builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)));
            for (Map.Entry<String, JavaHarness.Body> each : outOfRange.entrySet()) {
                expectThrows(WorkOsException.InvalidArgument.class, each.getKey() + ": an out-of-range value was accepted",
                        each.getValue(), e -> {
                    verify(WorkOsJavaClient.info(e).getDetail().contains(each.getKey().split(" ")[0]),
                        () -> "detail " + WorkOsJavaClient.info(e));
                });
            }
        });

        t.test("100 concurrent CompletableFutures share one client", () -> {
            List<String> ids = resetTo(mock, 20);
            try (WorkOsJavaClient client = mock.client()) {
                List<CompletableFuture<Directory>> futures = new ArrayList<>();
                for (int i = 0; i < 100; i++) futures.add(client.getDirectoryAsync(ids.get(i % ids.size())));
                CompletableFuture<DirectoryList> page = client.listDirectoriesAsync(JavaListParams.builder().limit(5).build());
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < 100; i++) {
                    verifyEquals(ids.get(i % ids.size()), futures.get(i).get().getId(), "result " + i);
                }
                verifyEquals(5, page.get(60, TimeUnit.SECONDS).getData().size(), "async list page");
                // No params: the API's default limit, which is 10 on the mock.
                verifyEquals(10, client.listDirectoriesAsync().get(60, TimeUnit.SECONDS).getData().size(), "async list, no params");
            }
            noCallsInFlight("after 100 futures");
        });

        t.test("a failed future carries the typed exception", () -> {
            mock.reset(0);
            try (WorkOsJavaClient client = mock.client()) {
                CompletableFuture<Directory> f = client.getDirectoryAsync("directory_missing");
                expectThrows(ExecutionException.class, "missing directory found", () -> f.get(10, TimeUnit.SECONDS), e -> {
                    verify(e.getCause() instanceof WorkOsException.NotFound, () -> "cause " + e.getCause());
                    verifyEquals(404, WorkOsJavaClient.info((WorkOsException) e.getCause()).getStatus(), "status");
                });
                expectThrows(CompletionException.class, "join succeeded", () -> f.join(), e -> {
                    verify(e.getCause() instanceof WorkOsException.NotFound, () -> "cause " + e.getCause());
                });
                String kind = client.getDirectoryAsync("directory_missing")
                    .handle((d, e) -> e instanceof WorkOsException ? WorkOsJavaClient.info((WorkOsException) e).getKind() : "none")
                    .get(10, TimeUnit.SECONDS);
                verifyEquals("not_found", kind, "kind seen by handle()");
                // A dependent stage sees the failure wrapped in a CompletionException; infoOf unwraps it.
                ErrorInfo seen = client.getDirectoryAsync("directory_missing")
                    .thenApply(Directory::getName)
                    .handle((name, e) -> {
                        verify(e instanceof CompletionException, () -> "dependent stage saw " + e);
                        return WorkOsJavaClient.infoOf(e);
                    })
                    .get(10, TimeUnit.SECONDS);
                verifyEquals(404, seen.getStatus(), "status through infoOf");
                verifyEquals(null, WorkOsJavaClient.infoOf(new IllegalStateException("not ours")), "infoOf of another error");
                verifyEquals(null, WorkOsJavaClient.infoOf(null), "infoOf(null)");
            }
        });

        t.test("cancelling futures mid-request aborts them without a leak", () -> {
            String id = slowDirectory(mock);
            try (WorkOsJavaClient client = mock.client()) {
                noCallsInFlight("before the test");
                List<CompletableFuture<Directory>> futures = new ArrayList<>();
                for (int i = 0; i < 10; i++) futures.add(client.getDirectoryAsync(id));
                verify(pollUntil(5_000, () -> inFlight() == 10), () -> "in flight before cancel: " + inFlight());
                verifyEquals(10L, WorkOsJavaClient.inFlightCalls(), "the static twin agrees");
                long cancelledAt = System.nanoTime();
                for (CompletableFuture<Directory> f : futures) verify(f.cancel(true), () -> "cancel refused");
                for (CompletableFuture<Directory> f : futures) {
                    verify(f.isCancelled(), () -> "not cancelled");
                    expectThrows(CancellationException.class, "a cancelled future gave a result",
                            () -> f.get()); // cancelled
                }
                noCallsInFlight("after cancel");
                long took = System.nanoTime() - cancelledAt;
                // The server answers after 5 s; the requests must have been aborted well before.
                verify(took < TimeUnit.SECONDS.toNanos(4), () -> "cancellation took " + took / 1_000_000 + " ms");
                mock.clearFaults();
                verifyEquals(id, client.getDirectory(id).getId(), "client usable after cancellation");
            }
        });

        t.test("interrupting a blocking call cancels its request", () -> {
            String id = slowDirectory(mock);
            try (WorkOsJavaClient client = mock.client()) {
                noCallsInFlight("before the test");
                Interrupted call = interruptInFlight("the blocking call", () -> client.getDirectory(id));
                verify(call.outcome() instanceof InterruptedException, () -> "outcome " + call.outcome());
                noCallsInFlight("after interrupt");
                long took = System.nanoTime() - call.interruptedAt();
                verify(took < TimeUnit.SECONDS.toNanos(4), () -> "interrupt took " + took / 1_000_000 + " ms");

                // Already interrupted: the call is cancelled at once and the flag consumed.
                Thread.currentThread().interrupt();
                expectThrows(InterruptedException.class, "a call on an interrupted thread waited for its result",
                        () -> client.getDirectory(id), expected -> {
                    verify(!Thread.currentThread().isInterrupted(), () -> "interrupt flag still set");
                });
                noCallsInFlight("after a call on an interrupted thread");

                // A for-each waiting for a page is interrupted the same way.
                mock.fault(delayFault("/directories", 5000));
                Interrupted paging = interruptInFlight("the page fetch", () -> {
                    int n = 0;
                    for (Directory ignored : client.directories()) n++;
                    return n;
                });
                verify(paging.outcome() instanceof InterruptedException, () -> "paging outcome " + paging.outcome());
                noCallsInFlight("after interrupting the loop");

                mock.clearFaults();
                verifyEquals(id, client.getDirectory(id).getId(), "client usable after interruption");
            }
        });

        t.test("close cancels running calls and refuses new ones", () -> {
            String id = slowDirectory(mock);
            WorkOsJavaClient client = mock.client();
            CompletableFuture<Directory> running = client.getDirectoryAsync(id);
            verify(pollUntil(5_000, () -> inFlight() == 1), () -> "in flight before close: " + inFlight());
            client.close();
            expectThrows(CancellationException.class, "a call survived close()",
                    () -> running.get(4, TimeUnit.SECONDS)); // cancelled by close()
            noCallsInFlight("after close");
            client.close();
            for (Runnable after : List.<Runnable>of(() -> client.getDirectoryAsync(id), client::baseUrl,
                    () -> {
                        try {
                            client.getDirectory(id);
                        } catch (WorkOsException | InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    })) {
                expectThrows(IllegalStateException.class, "a closed client was used", () -> after.run()); // refused
            }
            mock.clearFaults();
        });

        t.test("a failed page is thrown typed from the loop and can be retried", () -> {
            List<String> expected = resetTo(mock, 25);
            JSONObject unavailable = new JSONObject().put("method", "GET").put("path", "/directories").put("status", 503);
            try (WorkOsJavaClient client = WorkOsJavaClient.builder()
                    .apiKey(JavaMock.API_KEY).baseUrl(mock.url).maxRetries(0).build()) {
                ListParams p = JavaListParams.builder().limit(10).order("asc").build();
                List<String> seen = new ArrayList<>();
                WorkOsException.Server caught = null;
                try {
                    for (Directory d : client.directories(p)) {
                        seen.add(d.getId());
                        if (seen.size() == 10) mock.fault(unavailable);
                    }
                } catch (WorkOsException.Server e) {
                    caught = e;
                }
                verify(caught != null, () -> "the failed page was not thrown");
                verifyEquals(503, WorkOsJavaClient.info(caught).getStatus(), "status");
                verifyEquals(10, seen.size(), "items before the error");

                Iterator<Directory> it = client.directories(p).iterator();
                List<String> all = new ArrayList<>();
                for (int i = 0; i < 10; i++) all.add(it.next().getId());
                mock.fault(unavailable);
                expectThrows(Exception.class, "the failed page was not thrown", () -> it.hasNext(), e -> {
                    verify(e instanceof WorkOsException.Server, () -> "got " + e);
                });
                while (it.hasNext()) all.add(it.next().getId());
                verifyEquals(expected, all, "every directory after retrying the page");

                mock.fault(unavailable);
                try (Stream<Directory> stream = client.directoryStream(p)) {
                    stream.forEach(d -> { });
                    throw new AssertionError("the stream hid the error");
                } catch (WorkOsException.Server e) {
                    verifyEquals("server", WorkOsJavaClient.info(e).getKind(), "kind");
                }
            }
        });
    }
}

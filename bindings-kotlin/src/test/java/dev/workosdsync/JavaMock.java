// The mock server binary over real HTTP on 127.0.0.1, and its /__mock admin
// API, for the Java tests (the Java twin of the Kotlin tests' Mock.kt).
package dev.workosdsync;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.json.JSONArray;
import org.json.JSONObject;
import org.json.JSONTokener;

public final class JavaMock {
    public static final String API_KEY = "sk_test_mock";
    public static final File REPO = new File(System.getenv().getOrDefault("WORKOS_DSYNC_REPO", ".")).getAbsoluteFile();

    private final Process process;
    public final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private JavaMock(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the binary on a free port and reads its "listening on URL" line. */
    public static JavaMock start() {
        String bin = System.getenv("WORKOS_DSYNC_MOCK_BIN");
        if (bin == null) bin = new File(REPO, "target/debug/workos-dsync-mock").getPath();
        try {
            Process process = new ProcessBuilder(bin, "--port", "0", "--api-key", API_KEY)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("listening on ")) {
                process.destroy();
                throw new IllegalStateException("the mock did not start: " + first);
            }
            return new JavaMock(process, first.substring("listening on ".length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the mock " + bin, e);
        }
    }

    /** One admin request; the parsed JSON answer (or null for an empty body). */
    public Object admin(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/__mock/" + path))
            .method(method, publisher)
            .header("content-type", "application/json")
            .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new AssertionError("admin " + method + " " + path + ": " + response.statusCode() + " " + response.body());
            }
            String text = response.body();
            return text.isBlank() ? null : new JSONTokener(text).nextValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public void reset(int count) {
        admin("POST", "reset", new JSONObject().put("count", count).put("seed", 1));
    }

    public JSONArray add(Object directories) {
        return (JSONArray) admin("POST", "directories", directories);
    }

    public void fault(JSONObject fault) {
        admin("POST", "faults", fault);
    }

    public void clearFaults() {
        admin("DELETE", "faults", null);
    }

    public JSONArray requests() {
        return (JSONArray) admin("GET", "requests", null);
    }

    public void clearLog() {
        admin("DELETE", "requests", null);
    }

    public JSONArray directories() {
        return (JSONArray) admin("GET", "directories", null);
    }

    /** A Java client for this mock, with the right key. */
    public WorkOsJavaClient client() {
        return WorkOsJavaClient.builder().apiKey(API_KEY).baseUrl(url).build();
    }

    public void stop() {
        process.destroy();
    }
}

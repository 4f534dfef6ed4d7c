// Hand-written Kotlin on top of the generated bindings (workos_dsync_uniffi.kt)
// for Java callers, who cannot call `suspend` functions, use Kotlin's unsigned
// types or name the arguments of a seven-argument constructor: builders,
// blocking calls, CompletableFutures, Iterable/Stream paging and a static view
// of the error fields.
package dev.workosdsync

import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.future.future
import java.time.Duration
import java.util.Spliterator
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.function.Consumer
import java.util.stream.Stream
import java.util.stream.StreamSupport

/**
 * A WorkOS client for Java: the calls of [WorkOsClient] as blocking methods,
 * as [CompletableFuture]s, and paging as [Iterable]/[Stream], because Java
 * cannot call Kotlin `suspend` functions or `Flow`s.
 *
 * One instance is safe to share across threads and holds one connection pool;
 * make one per configuration and reuse it. [close] it when done (it is
 * [AutoCloseable], for try-with-resources).
 *
 * ```java
 * try (WorkOsJavaClient client = WorkOsJavaClient.builder().apiKey("sk_...").build()) {
 *     Directory d = client.getDirectory("directory_01...");
 *     for (Directory each : client.directories(JavaListParams.builder().limit(100).build())) { ... }
 *     client.deleteDirectory("directory_01...", JavaRequestOptions.builder().idempotencyKey("delete-7f3a").build());
 * } catch (WorkOsException.NotFound e) {
 *     ErrorInfo info = WorkOsJavaClient.info(e);
 * }
 * ```
 *
 * Every call takes an optional [RequestOptions] (built with
 * [JavaRequestOptions.builder]) that overrides the client's settings for
 * that call only, and for every page of a listing: timeout, retries, extra
 * headers, an `Idempotency-Key`, the base URL. Options the client refuses
 * (a header it writes itself, a zero timeout ...) fail the call with
 * [WorkOsException.InvalidArgument] before anything is sent.
 *
 * Errors are the generated [WorkOsException] subclasses, never wrapped: the
 * blocking methods throw them, the futures complete exceptionally with them
 * (the cause of the `ExecutionException`/`CompletionException`), and the
 * iterators and streams throw them from `hasNext`/`next`/terminal operations.
 * [info] reads their fields without matching on the subclass.
 *
 * Requests run on the Rust library's own threads; the futures complete, and
 * their non-async dependent stages run, on kotlinx.coroutines'
 * `Dispatchers.IO` threads.
 */
class WorkOsJavaClient private constructor(private val client: WorkOsClient) : AutoCloseable {
    // Owns every call started through this client, so that close() can cancel
    // them; a failed call does not cancel the others (SupervisorJob).
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.IO + CoroutineName("workos-dsync-java"))
    private val closed = AtomicBoolean(false)

    /**
     * The base URL requests go to, or `null` when the configuration is unusable
     * (then every call fails with [WorkOsException.Configuration]).
     */
    fun baseUrl(): String? = open().baseUrl()

    /**
     * Gets one directory, blocking the calling thread until it arrives;
     * [options] override the client's settings for this call.
     *
     * @throws WorkOsException the typed failure, e.g. [WorkOsException.NotFound]
     *   or [WorkOsException.InvalidArgument] for an empty id (nothing is sent).
     * @throws InterruptedException when the thread is interrupted while waiting;
     *   the request is cancelled (its HTTP request aborted).
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun getDirectory(id: String, options: RequestOptions? = null): Directory =
        await(call { client.getDirectory(id, options) })

    /**
     * Lists one page of directories (filters, `limit`, cursors and order from
     * [params], built with [JavaListParams.builder]), blocking until it arrives.
     * Without [params], the first page with the API's defaults. [options]
     * override the client's settings for this call.
     *
     * @throws WorkOsException the typed failure; an invalid `limit` or `order`
     *   is [WorkOsException.InvalidArgument] and nothing is sent.
     * @throws InterruptedException when the thread is interrupted while
     *   waiting; the request is cancelled.
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun listDirectories(params: ListParams = ListParams(), options: RequestOptions? = null): DirectoryList =
        await(call { client.listDirectories(params, options) })

    /**
     * Deletes a directory, blocking until the API has answered; [options]
     * override the client's settings for this call (such as an
     * `Idempotency-Key`).
     *
     * @throws WorkOsException the typed failure, e.g. [WorkOsException.NotFound].
     * @throws InterruptedException when the thread is interrupted while
     *   waiting; the request is cancelled.
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun deleteDirectory(id: String, options: RequestOptions? = null) {
        await(call { client.deleteDirectory(id, options) })
    }

    /**
     * Gets one directory without blocking. The request starts before this
     * returns; `cancel(true)` on the future aborts it. A failure completes the
     * future exceptionally with the typed [WorkOsException]. [options]
     * override the client's settings for this call.
     */
    @JvmOverloads
    fun getDirectoryAsync(id: String, options: RequestOptions? = null): CompletableFuture<Directory> =
        call { client.getDirectory(id, options) }

    /**
     * Lists one page of directories without blocking (see [listDirectories]);
     * `cancel(true)` aborts the request.
     */
    @JvmOverloads
    fun listDirectoriesAsync(params: ListParams = ListParams(), options: RequestOptions? = null): CompletableFuture<DirectoryList> =
        call { client.listDirectories(params, options) }

    /**
     * Deletes a directory without blocking; the future completes with `null`
     * once the API has answered. `cancel(true)` aborts the request.
     */
    @JvmOverloads
    fun deleteDirectoryAsync(id: String, options: RequestOptions? = null): CompletableFuture<Void?> = call {
        client.deleteDirectory(id, options)
        null
    }

    /**
     * Every directory of a list, across pages, for a for-each loop: each
     * [Iterable.iterator] starts at the first page and fetches the next page
     * only when the previous one is used up (100 a page unless [params] set a
     * limit), with the same filters and the same [options] on every page.
     *
     * The iterator's `hasNext`/`next` block while a page is fetched and throw
     * the typed [WorkOsException] (after which calling them again retries that
     * page) or, sneakily, [InterruptedException] (the request is then
     * cancelled). Those exceptions are declared here so that Java can catch them
     * around the loop. An iterator left before its end releases its native
     * paginator when garbage collected; use [directoryStream] to release it
     * deterministically.
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun directories(params: ListParams = ListParams(), options: RequestOptions? = null): Iterable<Directory> {
        open()
        return Iterable { DirectoryIterator(PageIterator(params, options)) }
    }

    /**
     * Every directory of a list as a sequential [Stream], as lazy as
     * [directories]: a page is fetched only when the stream needs its first
     * element (so `limit(15)` with pages of 10 fetches two pages). Close the
     * stream (try-with-resources) to release its native paginator early; it is
     * also released at the last page. The stream's operations throw what
     * [directories]' iterator throws; the exceptions are declared here so that
     * Java can catch them around the pipeline.
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun directoryStream(params: ListParams = ListParams(), options: RequestOptions? = null): Stream<Directory> {
        open()
        val pages = PageIterator(params, options)
        val items = DirectoryIterator(pages)
        val spliterator = object : Spliterator<Directory> {
            override fun tryAdvance(action: Consumer<in Directory>): Boolean {
                if (!items.hasNext()) return false
                action.accept(items.next())
                return true
            }

            // Never split: splitting would read pages ahead of need.
            override fun trySplit(): Spliterator<Directory>? = null
            override fun estimateSize(): Long = Long.MAX_VALUE
            override fun characteristics(): Int = Spliterator.ORDERED or Spliterator.NONNULL
        }
        return StreamSupport.stream(spliterator, false).onClose(pages::close)
    }

    /**
     * The pages of a list one at a time, for callers who want each page's
     * [DirectoryList.listMetadata] or to work a page at a time; the same
     * laziness, errors and declarations as [directories].
     */
    @JvmOverloads
    @Throws(WorkOsException::class, InterruptedException::class)
    fun pages(params: ListParams = ListParams(), options: RequestOptions? = null): Iterable<DirectoryList> {
        open()
        return Iterable { PageIterator(params, options) }
    }

    /**
     * Cancels the calls still running (their futures complete with a
     * `CancellationException` and their HTTP requests are aborted) and
     * releases the native client. Calls after this throw
     * [IllegalStateException]. Closing twice does nothing.
     */
    override fun close() {
        if (closed.compareAndSet(false, true)) {
            scope.cancel()
            client.close()
        }
    }

    /** Says that this is the Java client, and where it sends requests; never the API key. */
    override fun toString(): String = "WorkOsJavaClient(baseUrl=${if (closed.get()) "<closed>" else client.baseUrl()})"

    private fun open(): WorkOsClient {
        check(!closed.get()) { "this WorkOsJavaClient is closed" }
        return client
    }

    // Starts the call at once in the calling thread (UNDISPATCHED: the request
    // is under way when this returns); it resumes on the scope's dispatcher.
    // future {} cancels the coroutine when the future is cancelled, which
    // drops the Rust future and so aborts the request.
    private fun <T> call(body: suspend () -> T): CompletableFuture<T> {
        open()
        return scope.future(start = CoroutineStart.UNDISPATCHED) { body() }
    }

    // Waits for a call on a thread that may be interrupted: the call runs in
    // the scope (not runBlocking's event loop), so cancelling it on interrupt
    // still lets its cleanup run and the request be aborted.
    private fun <T> await(future: CompletableFuture<T>): T {
        try {
            return future.get()
        } catch (e: InterruptedException) {
            future.cancel(true)
            throw e
        } catch (e: ExecutionException) {
            throw e.cause ?: e
        }
    }

    /** The pages of one list, each fetched by a blocking `nextPage()`. */
    private inner class PageIterator(params: ListParams, options: RequestOptions?) : Iterator<DirectoryList>, AutoCloseable {
        private var paginator: DirectoryPaginator? = open().paginator(params, options)
        private var next: DirectoryList? = null

        override fun hasNext(): Boolean {
            if (next != null) return true
            val pages = paginator ?: return false
            val page = await(call { pages.nextPage() })
            if (page == null) close() else next = page
            return page != null
        }

        override fun next(): DirectoryList {
            if (!hasNext()) throw NoSuchElementException("no more pages")
            return next!!.also { next = null }
        }

        override fun close() {
            paginator?.close()
            paginator = null
        }
    }

    /** The directories of those pages, one by one. */
    private class DirectoryIterator(private val pages: PageIterator) : Iterator<Directory> {
        private var current: Iterator<Directory> = emptyList<Directory>().iterator()

        override fun hasNext(): Boolean {
            while (!current.hasNext()) {
                if (!pages.hasNext()) return false
                current = pages.next().data.iterator()
            }
            return true
        }

        override fun next(): Directory {
            if (!hasNext()) throw NoSuchElementException("no more directories")
            return current.next()
        }
    }

    /**
     * Configuration of a [WorkOsJavaClient], in Java-friendly types. Unset
     * values come from `WORKOS_API_KEY` / `WORKOS_BASE_URL`, then the
     * defaults (`https://api.workos.com`, 3 retries, 60 s per attempt).
     */
    class Builder internal constructor() {
        private var apiKey: String? = null
        private var baseUrl: String? = null
        private var maxRetries: UInt? = null
        private var timeoutMillis: ULong? = null

        /** The secret API key (`sk_...`); never printed or put in an error. */
        fun apiKey(apiKey: String?): Builder = apply { this.apiKey = apiKey }

        /** Where the API is, e.g. a mock's `http://127.0.0.1:8765`; plain http only for loopback hosts. */
        fun baseUrl(baseUrl: String?): Builder = apply { this.baseUrl = baseUrl }

        /**
         * How many times a failed request is retried (0 for none).
         * @throws WorkOsException.InvalidArgument if negative: the Rust core's
         *   range, as for a number out of range in every binding.
         */
        @Throws(WorkOsException::class)
        fun maxRetries(maxRetries: Int): Builder = apply {
            this.maxRetries = checkedMaxRetries("maxRetries", maxRetries.toLong())
        }

        /**
         * The timeout of each attempt, in milliseconds (0 makes every call fail
         * with [WorkOsException.Configuration], as in the other bindings).
         * @throws WorkOsException.InvalidArgument if negative.
         */
        @Throws(WorkOsException::class)
        fun timeoutMillis(timeoutMillis: Long): Builder = apply {
            this.timeoutMillis = checkedTimeoutMs("timeoutMillis", timeoutMillis)
        }

        /**
         * The timeout of each attempt as a [Duration]; see [timeoutMillis].
         * @throws WorkOsException.InvalidArgument if negative or too long for a
         *   `long` of milliseconds.
         */
        @Throws(WorkOsException::class)
        fun timeout(timeout: Duration): Builder = timeoutMillis(durationMillis(timeout))

        /**
         * The client. Never fails: an unusable configuration (no key, plain
         * http to a remote host ...) fails each call with
         * [WorkOsException.Configuration] instead; [baseUrl] is then `null`.
         */
        fun build(): WorkOsJavaClient = WorkOsJavaClient(
            WorkOsClient(
                apiKey,
                ClientOptions(
                    baseUrl = baseUrl,
                    maxRetries = maxRetries,
                    timeoutMs = timeoutMillis,
                    runtime = "java/${System.getProperty("java.version")}",
                ),
            ),
        )
    }

    /** Static helpers for Java. */
    companion object {
        /** A [Builder] for a client; `build()` it. */
        @JvmStatic
        fun builder(): Builder = Builder()

        /**
         * The fields of any [WorkOsException] (kind, detail, HTTP status as an
         * `Integer`, code, request id, 422 field errors, `Retry-After` seconds)
         * without matching on its subclass or meeting Kotlin unsigned types.
         */
        @JvmStatic
        fun info(error: WorkOsException): ErrorInfo = error.info

        /**
         * The fields of the [WorkOsException] that [error] is or wraps (as the
         * cause of a `CompletionException` or `ExecutionException`, which is what
         * `handle`/`whenComplete` of a dependent stage or `get`/`join` give), or
         * `null` when it is none: for async code that sees a bare [Throwable].
         */
        @JvmStatic
        fun infoOf(error: Throwable?): ErrorInfo? {
            var e = error
            while (e is java.util.concurrent.CompletionException || e is ExecutionException) e = e.cause
            return (e as? WorkOsException)?.info
        }

        /** The provider type exactly as the API sends it, such as `okta scim v2.0`. */
        @JvmStatic
        fun wireValue(type: DirectoryType): String = type.wireValue

        /** The state exactly as the API sends it, such as `linked`. */
        @JvmStatic
        fun wireValue(state: DirectoryState): String = state.wireValue

        /**
         * Calls of the native library (all clients, all languages) started and
         * not yet finished or cancelled, for leak checks in tests.
         */
        @JvmStatic
        fun inFlightCalls(): Long = dev.workosdsync.inFlightCalls().toLong()
    }
}

/**
 * Builds the generated [ListParams] from Java, which would otherwise call a
 * seven-argument constructor with a `Long` limit:
 * `JavaListParams.builder().organizationId("org_01...").limit(50).order("asc").build()`.
 * Every parameter is optional; the values are checked before any request.
 */
object JavaListParams {
    /** An empty [Builder]: no filters, the API's default limit and order. */
    @JvmStatic
    fun builder(): Builder = Builder()

    /** The parameters of `GET /directories`, one setter each; `build()` gives the [ListParams]. */
    class Builder internal constructor() {
        private var params = ListParams()

        /** Only the directories of this organization. */
        fun organizationId(organizationId: String?): Builder = apply { params = params.copy(organizationId = organizationId) }

        /** Only the directories whose name contains this (case-insensitive). */
        fun search(search: String?): Builder = apply { params = params.copy(search = search) }

        /** Only the directories of this domain. */
        fun domain(domain: String?): Builder = apply { params = params.copy(domain = domain) }

        /** Directories per page, 1 to 100 (anything else is [WorkOsException.InvalidArgument] when used). */
        fun limit(limit: Int): Builder = apply { params = params.copy(limit = limit.toLong()) }

        /** The page before this directory id (a `listMetadata.before` cursor). */
        fun before(before: String?): Builder = apply { params = params.copy(before = before) }

        /** The page after this directory id (a `listMetadata.after` cursor). */
        fun after(after: String?): Builder = apply { params = params.copy(after = after) }

        /** `asc`, `desc` or `normal` (anything else is [WorkOsException.InvalidArgument] when used). */
        fun order(order: String?): Builder = apply { params = params.copy(order = order) }

        /** The parameters; the builder can go on being used. */
        fun build(): ListParams = params.copy()
    }
}

/**
 * Builds the generated [RequestOptions] from Java, which cannot call its
 * constructor (its numbers are Kotlin unsigned types):
 * `JavaRequestOptions.builder().timeoutMillis(2000).maxRetries(0).header("X-Trace-Id", "abc").build()`.
 * Pass the result as the last argument of any [WorkOsJavaClient] call; it
 * overrides the client's settings for that call only (and for every page of
 * a listing). Every setting is optional.
 */
object JavaRequestOptions {
    /** An empty [Builder]: every setting is the client's. */
    @JvmStatic
    fun builder(): Builder = Builder()

    /** The options of one call, one setter each; `build()` gives the [RequestOptions]. */
    class Builder internal constructor() {
        private var options = RequestOptions()
        private val headers = LinkedHashMap<String, String>()

        /**
         * The timeout of each attempt of the call, in milliseconds; more than
         * zero (0 fails the call with [WorkOsException.InvalidArgument]).
         * @throws WorkOsException.InvalidArgument if negative.
         */
        @Throws(WorkOsException::class)
        fun timeoutMillis(timeoutMillis: Long): Builder = apply {
            options = options.copy(timeoutMs = checkedTimeoutMs("timeoutMillis", timeoutMillis))
        }

        /**
         * The timeout of each attempt as a [Duration]; see [timeoutMillis].
         * @throws WorkOsException.InvalidArgument if negative or too long for a
         *   `long` of milliseconds.
         */
        @Throws(WorkOsException::class)
        fun timeout(timeout: Duration): Builder = timeoutMillis(durationMillis(timeout))

        /**
         * How many times the call is retried after a failed first attempt (0 for none).
         * @throws WorkOsException.InvalidArgument if negative.
         */
        @Throws(WorkOsException::class)
        fun maxRetries(maxRetries: Int): Builder = apply {
            options = options.copy(maxRetries = checkedMaxRetries("maxRetries", maxRetries.toLong()))
        }

        /**
         * One more header for the call (a second value for the same name
         * replaces the first). The client's own headers (`Authorization`,
         * `User-Agent`, `Content-Type`, `Host`, `Content-Length`,
         * `Transfer-Encoding`, `Connection`, `Idempotency-Key`) and names or
         * values that cannot be sent fail the call with
         * [WorkOsException.InvalidArgument].
         */
        fun header(name: String, value: String): Builder = apply { headers[name] = value }

        /** Every header of [headers], as by [header]. */
        fun headers(headers: Map<String, String>): Builder = apply { this.headers.putAll(headers) }

        /** Sent as the `Idempotency-Key` header. */
        fun idempotencyKey(idempotencyKey: String?): Builder = apply { options = options.copy(idempotencyKey = idempotencyKey) }

        /** Where the call goes instead of the client's base URL; plain http only for loopback hosts. */
        fun baseUrl(baseUrl: String?): Builder = apply { options = options.copy(baseUrl = baseUrl) }

        /** The options; the builder can go on being used. */
        fun build(): RequestOptions = options.copy(extraHeaders = LinkedHashMap(headers))
    }
}

// The kind the Rust core gives every argument it refuses; the other fields
// only ever describe HTTP responses.
private fun invalidArgument(detail: String) = WorkOsException.InvalidArgument(
    kind = "invalid_argument",
    detail = detail,
    status = null,
    code = null,
    requestId = null,
    fieldErrors = emptyList(),
    retryAfterSeconds = null,
)

// A Duration as a long of milliseconds, for the builders' `timeout`.
private fun durationMillis(timeout: Duration): Long = try {
    timeout.toMillis()
} catch (e: ArithmeticException) {
    throw invalidArgument("`timeout` must fit a long of milliseconds, not $timeout")
}

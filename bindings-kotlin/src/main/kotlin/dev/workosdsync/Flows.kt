// Hand-written Kotlin on top of the generated bindings (workos_dsync_uniffi.kt):
// a Flow over every directory, and the common fields of every error.
package dev.workosdsync

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * Every directory of a list, across pages, fetched one page at a time as the
 * flow is collected (100 a page unless [params] set a limit), with the same
 * filters; [options] override the client's settings for every page. Invalid
 * [params] or [options] are thrown when collecting starts. Cancelling the
 * collector cancels the request in flight.
 *
 * ```
 * client.directories(ListParams(organizationId = "org_01...")).collect { println(it.name) }
 * client.directories(options = RequestOptions(extraHeaders = mapOf("X-Trace-Id" to "walk-1"))).toList()
 * ```
 */
fun WorkOsClient.directories(params: ListParams = ListParams(), options: RequestOptions? = null): Flow<Directory> = flow {
    paginator(params, options).use { pages ->
        while (true) {
            val page = pages.nextPage() ?: break
            for (directory in page.data) emit(directory)
        }
    }
}

/** The value exactly as the API sends it, such as `okta scim v2.0`. */
val DirectoryType.wireValue: String get() = directoryTypeWireValue(this)

/** The value exactly as the API sends it, such as `linked`. */
val DirectoryState.wireValue: String get() = directoryStateWireValue(this)

/** The fields every [WorkOsException] carries, whatever its kind. */
data class ErrorInfo(
    /** The stable kind name of the error table (CONTRACT.md), such as `not_found`. */
    val kind: String,
    val detail: String,
    val status: Int?,
    val code: String?,
    val requestId: String?,
    val fieldErrors: List<FieldError>,
    val retryAfterSeconds: Double?,
)

/** This error's fields, without matching on its class. */
val WorkOsException.info: ErrorInfo
    get() = when (this) {
        // BEGIN generated from contract/errors.toml (cases): edit that file, then run scripts/generate-errors
        is WorkOsException.BadRequest -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Authentication -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Authorization -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.NotFound -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Conflict -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.UnprocessableEntity -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.RateLimited -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Server -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Api -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Connection -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Timeout -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.InvalidResponse -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.InvalidArgument -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        is WorkOsException.Configuration -> ErrorInfo(kind, detail, status?.toInt(), code, requestId, fieldErrors, retryAfterSeconds)
        // END generated from contract/errors.toml (cases)
    }

import WorkOSDSync

// The API key from WORKOS_API_KEY; the base URL from WORKOS_BASE_URL, else https://api.workos.com.
let client = WorkOsClient(apiKey: nil)

let page = try await client.listDirectories(params: ListParams(limit: 5, order: "asc"))
print("first page:", page.data.map(\.name), "next cursor:", page.listMetadata.after ?? "none")

var count = 0
for try await directory in client.directories(ListParams(limit: 100)) {   // every page, fetched lazily
    print(directory.id, directory.name, directory.directoryType.wireValue, directory.state.wireValue)
    count += 1
}
print("\(count) directories")

do {
    _ = try await client.getDirectory(id: "directory_missing")
} catch let error as WorkOsError {
    print(error.kind, error.status ?? 0, error.code ?? "", error.requestId ?? "")   // not_found 404 entity_not_found req_...
}

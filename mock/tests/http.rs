//! The mock over real HTTP on 127.0.0.1, through a deliberately small
//! HTTP/1.1 client so that dropped connections and broken bodies are
//! observable exactly as a client would see them.

use std::collections::HashSet;
use std::io;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use workos_dsync_mock::{MockConfig, MockServer, DIRECTORY_FIELDS};

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&self.body));
        })
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// One keep-alive connection.
struct Conn {
    stream: BufReader<TcpStream>,
    key: String,
}

impl Conn {
    async fn open(server: &MockServer) -> Conn {
        let stream = TcpStream::connect(server.addr()).await.unwrap();
        Conn {
            stream: BufReader::new(stream),
            key: server.api_key().to_string(),
        }
    }

    async fn send(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Reply> {
        let mut request = format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() || method == "POST" {
            request.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        request.push_str("\r\n");
        let stream = self.stream.get_mut();
        stream.write_all(request.as_bytes()).await?;
        stream.write_all(body).await?;

        let mut line = String::new();
        if self.stream.read_line(&mut line).await? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line {line:?}"));
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap();
            headers.push((name.to_string(), value.trim().to_string()));
        }
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        // A HEAD reply's Content-Length describes GET's body, not one sent.
        let length: usize = match reply.header("content-length") {
            Some(v) if method != "HEAD" => v.parse().unwrap(),
            _ => 0,
        };
        reply.body = vec![0; length];
        self.stream.read_exact(&mut reply.body).await?;
        Ok(reply)
    }

    /// An authorised API request.
    async fn api(&mut self, method: &str, target: &str) -> Reply {
        let auth = format!("Bearer {}", self.key);
        let headers = [
            ("Authorization", auth.as_str()),
            ("User-Agent", "http-test/1.0"),
        ];
        self.send(method, target, &headers, b"").await.unwrap()
    }

    async fn get(&mut self, target: &str) -> Reply {
        self.api("GET", target).await
    }

    /// An authorised GET that may find the connection dropped.
    async fn try_get(&mut self, target: &str) -> io::Result<Reply> {
        let auth = format!("Bearer {}", self.key);
        self.send("GET", target, &[("Authorization", auth.as_str())], b"")
            .await
    }

    /// An admin request with a JSON body.
    async fn admin(&mut self, method: &str, path: &str, body: &str) -> Reply {
        self.send(method, path, &[], body.as_bytes()).await.unwrap()
    }
}

async fn server_with(count: usize) -> (MockServer, Conn) {
    let config = MockConfig {
        count,
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.unwrap();
    let conn = Conn::open(&server).await;
    (server, conn)
}

async fn ids(conn: &mut Conn) -> Vec<String> {
    let all = conn.admin("GET", "/__mock/directories", "").await.json();
    all.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts that `GET /directories?{param}={value}` succeeds for every value.
async fn assert_accepted(conn: &mut Conn, param: &str, values: &[&str]) {
    for value in values {
        let reply = conn.get(&format!("/directories?{param}={value}")).await;
        assert_eq!(reply.status, 200, "{param}={value}");
    }
}

fn error_code(reply: &Reply) -> Value {
    reply.json()["code"].clone()
}

/// Asserts the status and error code of an admin `POST` to `path` of each body.
async fn assert_refused(conn: &mut Conn, path: &str, cases: &[(&str, u16, &str)]) {
    for &(body, status, code) in cases {
        let reply = conn.admin("POST", path, body).await;
        let got = (reply.status, error_code(&reply));
        assert_eq!(got, (status, json!(code)), "{body}");
    }
}

#[tokio::test]
async fn authentication() {
    let (server, mut conn) = server_with(3).await;
    assert!(server.url().starts_with("http://127.0.0.1:"));
    for headers in [
        vec![],
        vec![("Authorization", "Bearer wrong")],
        vec![("Authorization", "sk_test_mock")],
        vec![("Authorization", "Bearer  sk_test_mock")],
        vec![("Authorization", "Bearer sk_test_mockx")],
    ] {
        let reply = conn
            .send("GET", "/directories", &headers, b"")
            .await
            .unwrap();
        assert_eq!(reply.status, 401);
        assert_eq!(
            reply.json(),
            json!({"message":"Unauthorized","code":"unauthorized"})
        );
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert!(reply.header("x-request-id").is_some());
    }
    // Checked before routing: an unknown path without a key is still a 401.
    let reply = conn.send("GET", "/nope", &[], b"").await.unwrap();
    assert_eq!(reply.status, 401);
    let headers = [("Authorization", "bearer sk_test_mock")];
    let reply = conn
        .send("GET", "/directories", &headers, b"")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn get_and_not_found() {
    let (_server, mut conn) = server_with(5).await;
    let all = conn.admin("GET", "/__mock/directories", "").await.json();
    let first = &all[0];
    let reply = conn
        .get(&format!("/directories/{}", first["id"].as_str().unwrap()))
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(&reply.json(), first);
    for field in DIRECTORY_FIELDS {
        assert!(!first[field].is_null(), "{field}");
    }

    let reply = conn.get("/directories/directory_nope").await;
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.json(),
        json!({"message":"Directory not found","code":"entity_not_found"})
    );
    let reply = conn.get("/directories/a/b").await;
    assert_eq!(reply.status, 404);
    assert_eq!(error_code(&reply), "not_found");
    let reply = conn.get("/organizations").await;
    assert_eq!(
        reply.json(),
        json!({"message":"Not found","code":"not_found"})
    );
    let reply = conn.api("POST", "/directories").await;
    assert_eq!(reply.status, 405);
    assert_eq!(
        reply.json(),
        json!({"message":"Method not allowed","code":"method_not_allowed"})
    );
    assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    let reply = conn.api("PUT", "/directories/x").await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD, DELETE"));
}

#[tokio::test]
async fn trailing_slash_lists() {
    let (_server, mut conn) = server_with(15).await;
    for query in ["", "?order=asc&limit=3", "?order=normal&before=nope"] {
        let plain = conn.get(&format!("/directories{query}")).await;
        let slash = conn.get(&format!("/directories/{query}")).await;
        assert_eq!(slash.status, 200, "{query}");
        assert_eq!(slash.json(), plain.json(), "{query}");
    }
    for method in ["POST", "DELETE"] {
        let reply = conn.api(method, "/directories/").await;
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
    }
    assert_eq!(conn.get("/directories//").await.status, 404);
}

/// Headers that should be the same for the same resource.
fn stable_headers(reply: &Reply) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = reply
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .filter(|(k, _)| k != "x-request-id" && k != "date")
        .collect();
    headers.sort();
    headers
}

#[tokio::test]
async fn head_is_get_without_a_body() {
    let (_server, mut conn) = server_with(12).await;
    let id = ids(&mut conn).await.remove(3);
    let targets = [
        "/directories".to_string(),
        "/directories/".to_string(),
        "/directories?order=normal&limit=5&before=nope".to_string(),
        format!("/directories/{id}"),
        "/directories/directory_missing".to_string(),
        "/directories?limit=0".to_string(),
        "/nope".to_string(),
    ];
    for target in &targets {
        let get = conn.get(target).await;
        let head = conn.api("HEAD", target).await;
        assert_eq!(head.status, get.status, "{target}");
        assert_eq!(stable_headers(&head), stable_headers(&get), "{target}");
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "{target}"
        );
        assert!(head.header("x-request-id").unwrap().starts_with("req_"));
    }
    // Without a key, HEAD gets GET's 401, Content-Length included.
    let head = conn.send("HEAD", "/directories", &[], b"").await.unwrap();
    let get = conn.send("GET", "/directories", &[], b"").await.unwrap();
    assert_eq!(head.status, 401);
    assert_eq!(stable_headers(&head), stable_headers(&get));
    // A fault's body is left out too, even a streamed one.
    let fault = r#"{"method":"HEAD","path":"/directories","body_bytes":100000}"#;
    conn.admin("POST", "/__mock/faults", fault).await;
    let head = conn.api("HEAD", "/directories").await;
    assert_eq!(head.header("content-length"), Some("100000"));
    for path in [
        "/__mock/directories",
        "/__mock/requests",
        "/__mock/random-faults",
    ] {
        let get = conn.admin("GET", path, "").await;
        let head = conn.admin("HEAD", path, "").await;
        assert_eq!(head.status, 200, "{path}");
        assert_eq!(stable_headers(&head), stable_headers(&get), "{path}");
    }
    let reply = conn.admin("HEAD", "/__mock/faults", "").await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("POST, DELETE"));
    // Nothing was sent after any of those heads: the connection still
    // frames the next reply correctly.
    let reply = conn.get(&format!("/directories/{id}")).await;
    assert_eq!(reply.json()["id"], json!(id));
    let log = conn.admin("GET", "/__mock/requests", "").await.json();
    let heads = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["method"] == "HEAD")
        .count();
    assert_eq!(heads, targets.len() + 2);
}

#[tokio::test]
async fn normal_order_continues_with_before() {
    let (_server, mut conn) = server_with(0).await;
    conn.admin("POST", "/__mock/reset", r#"{"count":95,"seed":3}"#)
        .await;
    let mut newest_first = ids(&mut conn).await;
    newest_first.reverse();

    // From the top, following list_metadata.before to the oldest.
    let mut target = "/directories?order=normal&limit=10".to_string();
    let (mut seen, mut pages) = (Vec::new(), 0);
    loop {
        let page = conn.get(&target).await.json();
        pages += 1;
        let data = page_ids(&page);
        let meta = &page["list_metadata"];
        if pages == 1 {
            assert_eq!(meta["after"], Value::Null, "nothing is newer");
        } else {
            assert_eq!(meta["after"], json!(data[0]));
        }
        seen.extend(data);
        match meta["before"].as_str() {
            Some(before) => {
                assert_eq!(Some(before), seen.last().map(String::as_str));
                target = format!("/directories?order=normal&limit=10&before={before}");
            }
            None => break,
        }
    }
    assert_eq!((seen, pages), (newest_first.clone(), 10));

    // `after` goes back up: the 10 newer ones nearest to the cursor.
    let page = conn
        .get(&format!(
            "/directories?order=normal&limit=10&after={}",
            newest_first[50]
        ))
        .await
        .json();
    assert_eq!(page["data"][0]["id"], json!(newest_first[40]));
    assert_eq!(page["data"][9]["id"], json!(newest_first[49]));
    assert_eq!(
        page["list_metadata"],
        json!({"before": newest_first[49], "after": newest_first[40]})
    );
    // Both: what lies between, newest first.
    let page = conn
        .get(&format!(
            "/directories?order=normal&limit=100&after={}&before={}",
            newest_first[60], newest_first[55]
        ))
        .await
        .json();
    assert_eq!(page_ids(&page), &newest_first[56..60]);
}

fn page_ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn unknown_cursors_are_placed_not_refused() {
    let (_server, mut conn) = server_with(0).await;
    let body = r#"[
        {"id":"directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1","created_at":"2024-03-01T10:00:00.000Z"},
        {"id":"directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M3","created_at":"2024-03-03T10:00:00.000Z"},
        {"id":"early","created_at":"1970-01-01T00:00:00.000Z"}
    ]"#;
    assert_eq!(
        conn.admin("POST", "/__mock/directories", body).await.status,
        201
    );
    let list = |query: &str| format!("/directories?limit=10&{query}");
    // A directory id the mock never issued sits at its ULID's time:
    // 01HZ8RQ3J5 is 2024-06-01T02:05:35.173Z, after both.
    let never = "directory_01HZ8RQ3J5ZZZZZZZZZZZZZZZZ";
    let page = conn.get(&list(&format!("order=asc&before={never}"))).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page_ids(&page.json()),
        [
            "early",
            "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1",
            "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M3"
        ]
    );
    let page = conn.get(&list(&format!("order=asc&after={never}"))).await;
    assert_eq!(page.json()["data"], json!([]));
    // One dated 2024-03-02 falls between them.
    let march_2 = "directory_01HQY7BR00ZZZZZZZZZZZZZZZZ";
    let page = conn
        .get(&list(&format!("order=normal&before={march_2}")))
        .await
        .json();
    assert_eq!(
        page_ids(&page),
        ["directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1", "early"]
    );
    assert_eq!(
        page["list_metadata"],
        json!({"before": null, "after": "directory_01HZ8RQ3J5N6W3E4Y0Y5G1K2M1"})
    );
    // Any other text sits at 1970-01-01T00:00:00Z, its text breaking the tie
    // with "early": "zzz" sorts after it, "" and "aaa" before.
    let page = conn.get(&list("order=desc&after=zzz")).await.json();
    assert_eq!(page_ids(&page), ["early"]);
    for cursor in ["", "aaa", "directory_01HZNOTACURSORXXXXXXXXXXXXX"] {
        let reply = conn.get(&list(&format!("order=desc&after={cursor}"))).await;
        assert_eq!(reply.status, 200, "{cursor:?}");
        assert_eq!(reply.json()["data"], json!([]), "{cursor:?}");
    }
    let page = conn
        .get(&list("order=asc&after=aaa&before=zzz"))
        .await
        .json();
    assert_eq!(page_ids(&page), ["early"]);
}

#[tokio::test]
async fn hostile_ids_are_percent_decoded() {
    let (_server, mut conn) = server_with(0).await;
    let body = r#"[{"id":"a/b?c#d"},{"id":"über dir+1"}]"#;
    let reply = conn.admin("POST", "/__mock/directories", body).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json()[0]["id"], "a/b?c#d");

    let reply = conn.get("/directories/a%2Fb%3Fc%23d").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["id"], "a/b?c#d");
    let reply = conn.get("/directories/%C3%BCber%20dir+1").await;
    assert_eq!(reply.json()["id"], "über dir+1");
    // A cursor naming it, form-encoded, is understood too.
    let reply = conn.get("/directories?order=asc&after=a%2Fb%3Fc%23d").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["data"][0]["id"], "über dir+1");

    let reply = conn.api("DELETE", "/directories/a%2Fb%3Fc%23d").await;
    assert_eq!(reply.status, 202);
    assert_eq!(conn.get("/directories/a%2Fb%3Fc%23d").await.status, 404);
}

#[tokio::test]
async fn delete_then_gone() {
    let (_server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(1);
    let reply = conn.api("DELETE", &format!("/directories/{id}")).await;
    assert_eq!(reply.status, 202);
    assert_eq!(reply.json(), json!({}));
    assert_eq!(conn.get(&format!("/directories/{id}")).await.status, 404);
    let reply = conn.api("DELETE", &format!("/directories/{id}")).await;
    assert_eq!(reply.status, 404);
    assert_eq!(error_code(&reply), "entity_not_found");
    assert_eq!(ids(&mut conn).await.len(), 2);
}

#[tokio::test]
async fn list_validation() {
    let (_server, mut conn) = server_with(3).await;
    let limit_error = json!({
        "message": "Validation failed",
        "code": "invalid_request_parameters",
        "errors": [{"field":"limit","code":"invalid_limit","message":"limit must be an integer between 1 and 100"}]
    });
    for limit in ["0", "101", "abc", "1.5", "", "-1", "+5", "%20"] {
        let reply = conn.get(&format!("/directories?limit={limit}")).await;
        assert_eq!(reply.status, 422, "limit={limit}");
        assert_eq!(reply.json(), limit_error, "limit={limit}");
    }
    assert_accepted(&mut conn, "limit", &["1", "100", "010"]).await;

    let reply = conn.get("/directories?order=up").await;
    assert_eq!(reply.status, 422);
    let errors = &reply.json()["errors"];
    assert_eq!(errors[0]["field"], "order");
    assert_eq!(errors[0]["code"], "invalid_order");
    assert_accepted(&mut conn, "order", &["asc", "desc", "normal"]).await;

    // Any cursor text is a place in the list (see unknown_cursors_are_placed).
    assert_accepted(&mut conn, "after", &["directory_nope", "", "%00", "x%20y"]).await;
    assert_accepted(&mut conn, "before", &["directory_nope", "", "nope"]).await;
    let reply = conn
        .get("/directories?before=nope&limit=0&order=x&after=y")
        .await;
    assert_eq!(reply.status, 422);
    let fields: Vec<Value> = reply.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(fields, vec![json!("limit"), json!("order")]);

    let reply = conn.get("/directories?unknown=1&expand=all").await;
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn list_pages_and_filters() {
    let (_server, mut conn) = server_with(0).await;
    conn.admin("POST", "/__mock/reset", r#"{"count":250,"seed":9}"#)
        .await;
    let all = ids(&mut conn).await;
    assert_eq!(all.len(), 250);

    // Default: newest first, 10 per page.
    let first = conn.get("/directories").await.json();
    assert_eq!(first["object"], "list");
    assert_eq!(first["data"].as_array().unwrap().len(), 10);
    assert_eq!(first["data"][0]["id"], json!(all[249]));
    assert_eq!(first["list_metadata"]["before"], Value::Null);
    assert_eq!(first["list_metadata"]["after"], json!(all[240]));

    let mut seen = Vec::new();
    let mut target = "/directories?order=asc&limit=100".to_string();
    loop {
        let page = conn.get(&target).await.json();
        for dir in page["data"].as_array().unwrap() {
            seen.push(dir["id"].as_str().unwrap().to_string());
        }
        match page["list_metadata"]["after"].as_str() {
            Some(after) => target = format!("/directories?order=asc&limit=100&after={after}"),
            None => break,
        }
    }
    assert_eq!(seen, all);

    let body = r#"{"generate":30,"organization_id":"org_1","name":"Zeta Widgets"}"#;
    let reply = conn.admin("POST", "/__mock/directories", body).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json().as_array().unwrap().len(), 30);
    let page = conn
        .get("/directories?organization_id=org_1&limit=100")
        .await
        .json();
    assert_eq!(page["data"].as_array().unwrap().len(), 30);
    assert_eq!(
        page["list_metadata"],
        json!({"before": null, "after": null})
    );
    let page = conn
        .get("/directories?search=zeta+WIDGETS&limit=5")
        .await
        .json();
    assert_eq!(page["data"].as_array().unwrap().len(), 5);
    assert!(page["list_metadata"]["after"].is_string());
    let domain = page["data"][0]["domain"].as_str().unwrap().to_string();
    let page = conn
        .get(&format!("/directories?domain={domain}&limit=100"))
        .await
        .json();
    for dir in page["data"].as_array().unwrap() {
        assert_eq!(dir["domain"], json!(domain));
    }
    let page = conn.get("/directories?domain=nowhere.example").await.json();
    assert_eq!(page["data"], json!([]));
}

#[tokio::test]
async fn status_faults() {
    let (_server, mut conn) = server_with(3).await;
    let faults = r#"[
        {"method":"GET","path":"/directories/d1","status":503,"body":{"message":"busy"},"headers":{"Retry-After":"0"}},
        {"path":"/directories/d2","status":500,"body":"\"oops\""},
        {"path":"/directories/d3","status":500,"body":""},
        {"path":"/directories/d4","status":429},
        {"path":"/directories/d5","status":204},
        {"path":"/directories/d6","status":418,"headers":{"X-Request-ID":"req_custom","Content-Type":"text/plain"},"body":"teapot"}
    ]"#;
    let reply = conn.admin("POST", "/__mock/faults", faults).await;
    assert_eq!(reply.status, 201);
    assert_eq!(reply.json(), json!({"queued": 6}));

    let reply = conn.get("/directories/d1").await;
    assert_eq!(reply.status, 503);
    assert_eq!(reply.header("retry-after"), Some("0"));
    assert_eq!(reply.json(), json!({"message":"busy"}));
    assert!(reply.header("x-request-id").unwrap().starts_with("req_"));

    let reply = conn.get("/directories/d2").await;
    assert_eq!((reply.status, reply.text()), (500, "\"oops\""));
    let reply = conn.get("/directories/d3").await;
    assert_eq!((reply.status, reply.text()), (500, ""));
    assert_eq!(reply.header("content-length"), Some("0"));
    let reply = conn.get("/directories/d4").await;
    assert_eq!(
        reply.json(),
        json!({"message":"Mock fault","code":"mock_fault"})
    );
    let reply = conn.get("/directories/d5").await;
    assert_eq!((reply.status, reply.text()), (204, ""));
    let reply = conn.get("/directories/d6").await;
    assert_eq!(reply.status, 418);
    assert_eq!(reply.header("x-request-id"), Some("req_custom"));
    assert_eq!(reply.header("content-type"), Some("text/plain"));
    // Each applied once; the same connection goes on working.
    assert_eq!(conn.get("/directories/d1").await.status, 404);
}

#[tokio::test]
async fn drop_fault_closes_the_connection_without_a_response() {
    let (server, mut conn) = server_with(3).await;
    conn.admin(
        "POST",
        "/__mock/faults",
        r#"{"path":"/directories","drop":true}"#,
    )
    .await;

    let mut raw = TcpStream::connect(server.addr()).await.unwrap();
    raw.write_all(
        b"GET /directories HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_mock\r\n\r\n",
    )
    .await
    .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), raw.read_to_end(&mut received)).await;
    assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?}");
    assert!(
        received.is_empty(),
        "got {:?}",
        String::from_utf8_lossy(&received)
    );

    // Used up: the next request is served.
    assert_eq!(conn.get("/directories").await.status, 200);
    let log = conn.admin("GET", "/__mock/requests", "").await.json();
    assert_eq!(log[0]["status"], Value::Null);
    assert_eq!(log[1]["status"], 200);
}

#[tokio::test]
async fn malformed_html_and_body_bytes_faults() {
    let (_server, mut conn) = server_with(3).await;
    let faults = r#"[
        {"path":"/directories","malformed":true},
        {"path":"/directories","html":true},
        {"path":"/directories","html":true,"status":504},
        {"path":"/directories","body_bytes":100000}
    ]"#;
    conn.admin("POST", "/__mock/faults", faults).await;

    let reply = conn.get("/directories").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), r#"{"object":"directory","id":"#);
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());

    let reply = conn.get("/directories").await;
    assert_eq!(reply.status, 502);
    assert_eq!(reply.header("content-type"), Some("text/html"));
    assert!(reply
        .text()
        .contains("<center><h1>502 Bad Gateway</h1></center>"));
    assert!(reply.text().contains("nginx"));
    let reply = conn.get("/directories").await;
    assert_eq!(reply.status, 504);
    assert!(reply.text().contains("504 Gateway Timeout"));

    let reply = conn.get("/directories").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-length"), Some("100000"));
    assert_eq!(reply.body.len(), 100_000);

    assert_eq!(conn.get("/directories").await.json()["object"], "list");
}

#[tokio::test]
async fn delay_fault_then_normal_service() {
    let (_server, mut conn) = server_with(3).await;
    conn.admin(
        "POST",
        "/__mock/faults",
        r#"{"delay_ms":300,"headers":{"X-Slow":"yes"}}"#,
    )
    .await;
    let started = Instant::now();
    let reply = conn.get("/directories").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("x-slow"), Some("yes"));
    assert_eq!(reply.json()["object"], "list");

    conn.admin("POST", "/__mock/faults", r#"{"delay_ms":200,"status":503}"#)
        .await;
    let started = Instant::now();
    assert_eq!(conn.get("/directories").await.status, 503);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn fault_times_and_matching() {
    let (_server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(0);
    let faults = json!([
        {"method":"DELETE","path":format!("/directories/{id}"),"status":500,"times":2},
        {"method":"GET","path":"/directories/a%2Fb","status":502},
        {"status":503,"times":3}
    ]);
    conn.admin("POST", "/__mock/faults", &faults.to_string())
        .await;

    // The DELETE fault does not match a GET of the same path.
    assert_eq!(conn.get(&format!("/directories/{id}")).await.status, 503);
    assert_eq!(
        conn.api("DELETE", &format!("/directories/{id}"))
            .await
            .status,
        500
    );
    assert_eq!(
        conn.api("DELETE", &format!("/directories/{id}"))
            .await
            .status,
        500
    );
    // Paths are matched as received, still encoded, without the query.
    assert_eq!(conn.get("/directories/a%2fb").await.status, 503);
    assert_eq!(conn.get("/directories/a%2Fb?x=1").await.status, 502);
    // Admin requests are never faulted.
    assert_eq!(
        conn.admin("GET", "/__mock/directories", "").await.status,
        200
    );
    assert_eq!(conn.get("/directories").await.status, 503);
    assert_eq!(conn.get("/directories").await.status, 200);
    assert_eq!(
        conn.api("DELETE", &format!("/directories/{id}"))
            .await
            .status,
        202
    );

    conn.admin("POST", "/__mock/faults", r#"{"status":500,"times":100}"#)
        .await;
    assert_eq!(conn.get("/directories").await.status, 500);
    let reply = conn.admin("DELETE", "/__mock/faults", "").await;
    assert_eq!((reply.status, reply.json()), (200, json!({})));
    assert_eq!(conn.get("/directories").await.status, 200);
}

#[tokio::test]
async fn bad_fault_definitions_are_refused() {
    let (_server, mut conn) = server_with(0).await;
    let refused = [
        ("{nope", 400, "invalid_json"),
        (r#"{"status":"oops"}"#, 400, "invalid_request"),
    ];
    assert_refused(&mut conn, "/__mock/faults", &refused).await;
    let reply = conn
        .admin("POST", "/__mock/faults", r#"{"status":1000}"#)
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(conn.get("/directories").await.status, 200);
}

#[tokio::test]
async fn request_log() {
    let (server, mut conn) = server_with(3).await;
    conn.get("/directories?limit=10&order=asc&search=acme+robotics%21")
        .await;
    conn.send("GET", "/directories/x%2Fy", &[], b"")
        .await
        .unwrap();
    conn.admin("POST", "/__mock/faults", r#"{"status":503}"#)
        .await;
    conn.api("DELETE", "/directories/missing").await;
    let mut raw = Conn::open(&server).await;
    raw.key = "wrong".into();
    raw.get("/directories").await;

    let mut log = conn.admin("GET", "/__mock/requests", "").await.json();
    // Headers are logged, all but the key.
    let headers: Vec<Value> = log
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|e| e.as_object_mut().unwrap().remove("headers").unwrap())
        .collect();
    assert_eq!(headers[0]["user-agent"], "http-test/1.0");
    assert!(headers[0]["host"].is_string(), "{headers:?}");
    assert!(
        headers.iter().all(|h| h.get("authorization").is_none()),
        "{headers:?}"
    );
    assert_eq!(
        log,
        json!([
            {"method":"GET","path":"/directories","query":"limit=10&order=asc&search=acme+robotics%21",
             "query_params":{"limit":"10","order":"asc","search":"acme robotics!"},
             "authorized":true,"user_agent":"http-test/1.0","status":200,"random_fault":null},
            {"method":"GET","path":"/directories/x%2Fy","query":null,"query_params":{},
             "authorized":false,"user_agent":null,"status":401,"random_fault":null},
            {"method":"DELETE","path":"/directories/missing","query":null,"query_params":{},
             "authorized":true,"user_agent":"http-test/1.0","status":503,"random_fault":null},
            {"method":"GET","path":"/directories","query":null,"query_params":{},
             "authorized":false,"user_agent":"http-test/1.0","status":401,"random_fault":null}
        ])
    );
    let reply = conn.admin("DELETE", "/__mock/requests", "").await;
    assert_eq!(reply.json(), json!({}));
    assert_eq!(
        conn.admin("GET", "/__mock/requests", "").await.json(),
        json!([])
    );
}

#[tokio::test]
async fn reset_restores_or_regenerates() {
    let (_server, mut conn) = server_with(24).await;
    let start = conn.admin("GET", "/__mock/directories", "").await.body;
    let id = ids(&mut conn).await.remove(0);
    conn.api("DELETE", &format!("/directories/{id}")).await;
    conn.admin("POST", "/__mock/directories", r#"{"name":"Extra"}"#)
        .await;
    conn.admin("POST", "/__mock/faults", r#"{"status":500}"#)
        .await;

    let reply = conn.admin("POST", "/__mock/reset", "").await;
    assert_eq!(
        (reply.status, reply.json()),
        (200, json!({"directories": 24}))
    );
    assert_eq!(
        conn.admin("GET", "/__mock/directories", "").await.body,
        start
    );
    assert_eq!(conn.get("/directories").await.status, 200, "faults cleared");
    let log = conn.admin("GET", "/__mock/requests", "").await.json();
    assert_eq!(
        log.as_array().unwrap().len(),
        1,
        "log cleared before that request"
    );

    let reply = conn
        .admin("POST", "/__mock/reset", r#"{"seed":5,"count":7}"#)
        .await;
    assert_eq!(reply.json(), json!({"directories": 7}));
    let seven = conn.admin("GET", "/__mock/directories", "").await.body;
    let reply = conn.admin("POST", "/__mock/reset", r#"{"count":3}"#).await;
    assert_eq!(reply.json(), json!({"directories": 3}));
    // Same seed and count, same bytes; the default seed's data starts the same.
    conn.admin("POST", "/__mock/reset", r#"{"seed":5,"count":7}"#)
        .await;
    assert_eq!(
        conn.admin("GET", "/__mock/directories", "").await.body,
        seven
    );
    conn.admin("POST", "/__mock/reset", "{}").await;
    assert_eq!(
        conn.admin("GET", "/__mock/directories", "").await.body,
        start
    );

    let reply = conn.admin("POST", "/__mock/reset", "{\"seed\":").await;
    assert_eq!(
        (reply.status, error_code(&reply)),
        (400, json!("invalid_json"))
    );
    let reply = conn.admin("POST", "/__mock/reset", r#"{"count":-1}"#).await;
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn admin_directories() {
    let (_server, mut conn) = server_with(2).await;
    let body = r#"[{"id":"custom","type":"future provider","extra":{"x":1},"domain":null},{"name":"Second"}]"#;
    let reply = conn.admin("POST", "/__mock/directories", body).await;
    assert_eq!(reply.status, 201);
    let made = reply.json();
    assert_eq!(made[0]["type"], "future provider");
    assert_eq!(made[0]["extra"], json!({"x": 1}));
    assert_eq!(made[0]["domain"], Value::Null);
    assert_eq!(made[0]["object"], "directory");
    assert_eq!(made[1]["name"], "Second");
    assert!(made[1].get("domain").is_none() && made[1].get("metadata").is_none());
    assert_eq!(conn.get("/directories/custom").await.json(), made[0]);

    let refused = [
        (r#"[{"id":"custom"}]"#, 409, "duplicate_id"),
        ("[{", 400, "invalid_json"),
        ("[1]", 400, "invalid_request"),
    ];
    assert_refused(&mut conn, "/__mock/directories", &refused).await;
    let reply = conn
        .admin("POST", "/__mock/directories", r#"{"generate":"many"}"#)
        .await;
    assert_eq!(reply.status, 400);
    let reply = conn
        .admin("POST", "/__mock/directories", r#"{"generate":2,"seed":3}"#)
        .await;
    assert_eq!(reply.json().as_array().unwrap().len(), 2);
    assert_eq!(ids(&mut conn).await.len(), 6);

    let reply = conn.admin("DELETE", "/__mock/directories", "").await;
    assert_eq!(reply.status, 405);
    let reply = conn.admin("GET", "/__mock/nothing", "").await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn request_ids_are_present_and_unique() {
    let (_server, mut conn) = server_with(3).await;
    conn.admin(
        "POST",
        "/__mock/faults",
        r#"{"path":"/directories/f","status":500}"#,
    )
    .await;
    let mut seen = HashSet::new();
    for i in 0..200 {
        let target = match i % 5 {
            0 => "/directories",
            1 => "/directories/missing",
            2 => "/directories?limit=0",
            3 => "/elsewhere",
            _ => "/directories/f",
        };
        let reply = conn.get(target).await;
        let id = reply.header("x-request-id").unwrap().to_string();
        assert!(id.starts_with("req_") && id.len() == 30, "{id}");
        assert!(id[4..]
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert!(seen.insert(id));
    }
}

#[tokio::test]
async fn same_seed_same_bytes_across_servers() {
    let (_a, mut a) = server_with(40).await;
    let (_b, mut b) = server_with(40).await;
    let body_a = a.admin("GET", "/__mock/directories", "").await.body;
    assert_eq!(body_a, b.admin("GET", "/__mock/directories", "").await.body);
    let config = MockConfig {
        seed: 2,
        count: 40,
        ..MockConfig::default()
    };
    let c = MockServer::start(config).await.unwrap();
    let mut c = Conn::open(&c).await;
    assert_ne!(body_a, c.admin("GET", "/__mock/directories", "").await.body);
}

#[tokio::test]
async fn fixtures_file() {
    let path = std::env::temp_dir().join(format!("mock-fixtures-{}.json", std::process::id()));
    std::fs::write(
        &path,
        r#"[{"id":"fx_1","name":"Fixture One"},{"id":"fx_2"}]"#,
    )
    .unwrap();
    let config = MockConfig {
        fixtures: Some(path.clone()),
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.unwrap();
    let mut conn = Conn::open(&server).await;
    assert_eq!(ids(&mut conn).await, vec!["fx_1", "fx_2"]);
    conn.api("DELETE", "/directories/fx_1").await;
    conn.admin("POST", "/__mock/reset", "").await;
    assert_eq!(ids(&mut conn).await, vec!["fx_1", "fx_2"]);

    std::fs::write(&path, "[{").unwrap();
    let config = MockConfig {
        fixtures: Some(path.clone()),
        ..MockConfig::default()
    };
    assert!(MockServer::start(config).await.is_err());
    std::fs::remove_file(&path).unwrap();
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let (server, mut conn) = server_with(1).await;
    let addr = server.addr();
    assert_eq!(conn.get("/directories").await.status, 200);
    server.shutdown().await;
    assert!(conn.send("GET", "/directories", &[], b"").await.is_err());
    assert!(TcpStream::connect(addr).await.is_err());
}

#[test]
fn background_server_for_sync_callers() {
    let server = MockServer::start_in_background(MockConfig::default()).unwrap();
    let addr = server.addr();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut conn = Conn::open(&server).await;
        let page = conn.get("/directories?limit=100").await.json();
        assert_eq!(page["data"].as_array().unwrap().len(), 24);
    });
    drop(server);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn binary_prints_its_url_and_stops_on_sigterm() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_workos-dsync-mock"))
        .args(["--count", "3", "--seed", "4", "--api-key", "sk_bin"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap()
        .to_string();
    let mut stream = std::net::TcpStream::connect(&url).unwrap();
    std::io::Write::write_all(
        &mut stream,
        b"GET /directories HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_bin\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    let mut reply = String::new();
    std::io::Read::read_to_string(&mut stream, &mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(child.wait().unwrap().success());
}

#[test]
fn server_handles_can_be_shared() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<MockServer>();
    shareable::<MockConfig>();
}

/// Sends `n` GETs (alternating a directory and a page of the list), opening a
/// new connection after each drop, and returns the random fault the log
/// recorded for each ("none" when there was none), after checking that what
/// the client saw agrees with it.
async fn random_outcomes(
    server: &MockServer,
    conn: &mut Conn,
    id: &str,
    n: usize,
    slow_ms: u64,
) -> Vec<String> {
    conn.admin("DELETE", "/__mock/requests", "").await;
    let mut seen = Vec::new();
    for i in 0..n {
        let target = if i % 2 == 0 {
            format!("/directories/{id}")
        } else {
            "/directories?limit=2".to_string()
        };
        let started = Instant::now();
        let reply = conn.try_get(&target).await;
        let elapsed = started.elapsed();
        if reply.is_err() {
            *conn = Conn::open(server).await;
        }
        seen.push((reply.ok(), elapsed));
    }
    let log = conn.admin("GET", "/__mock/requests", "").await.json();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), n);
    seen.into_iter()
        .zip(log)
        .map(|((reply, elapsed), entry)| {
            let kind = entry["random_fault"].as_str().unwrap_or("none").to_string();
            let status = reply.as_ref().map(|r| r.status);
            assert_eq!(entry["status"], json!(status), "{entry}");
            match kind.as_str() {
                "drop" => assert!(reply.is_none()),
                "503" => {
                    let reply = reply.unwrap();
                    assert_eq!(reply.status, 503);
                    assert_eq!(reply.header("retry-after"), None);
                    assert_eq!(reply.json()["code"], "service_unavailable");
                    assert!(reply.header("x-request-id").unwrap().starts_with("req_"));
                }
                "429" => {
                    let reply = reply.unwrap();
                    assert_eq!(reply.status, 429);
                    assert_eq!(reply.header("retry-after"), Some("0"));
                    assert_eq!(reply.json()["code"], "rate_limit_exceeded");
                }
                "slow" | "none" => {
                    assert_eq!(reply.unwrap().status, 200);
                    if kind == "slow" {
                        assert!(elapsed >= Duration::from_millis(slow_ms), "{elapsed:?}");
                    }
                }
                other => panic!("unexpected random fault {other}"),
            }
            kind
        })
        .collect()
}

fn count(seen: &[String], kind: &str) -> u64 {
    seen.iter().filter(|s| *s == kind).count() as u64
}

#[tokio::test]
async fn random_faults_at_rate_one_hit_every_api_request_only() {
    let (server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(0);
    let reply = conn
        .admin(
            "POST",
            "/__mock/random-faults",
            r#"{"rate":1,"kinds":["503","429","drop","slow"],"seed":7,"slow_ms":30}"#,
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.json(),
        json!({"enabled":true,"rate":1.0,"kinds":["503","429","drop","slow"],"seed":7,
               "slow_ms":30,"max_consecutive":null,"requests":0,
               "faulted":{"503":0,"429":0,"drop":0,"slow":0},"spared":0})
    );

    let seen = random_outcomes(&server, &mut conn, &id, 80, 30).await;
    assert_eq!(count(&seen, "none"), 0, "{seen:?}");
    for kind in ["503", "429", "drop", "slow"] {
        assert!(count(&seen, kind) > 0, "no {kind} in {seen:?}");
    }

    // Admin requests and paths outside the API are never faulted.
    for _ in 0..20 {
        assert_eq!(
            conn.admin("GET", "/__mock/directories", "").await.status,
            200
        );
        assert_eq!(conn.get("/elsewhere").await.status, 404);
    }
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(status["requests"], 80);
    for kind in ["503", "429", "drop", "slow"] {
        assert_eq!(status["faulted"][kind], count(&seen, kind), "{kind}");
    }
}

#[tokio::test]
async fn random_faults_at_rate_zero_hit_nothing() {
    let (server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(0);
    conn.admin("POST", "/__mock/random-faults", r#"{"rate":0,"seed":3}"#)
        .await;
    let seen = random_outcomes(&server, &mut conn, &id, 50, 0).await;
    assert_eq!(count(&seen, "none"), 50);
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(status["requests"], 50);
    assert_eq!(
        status["faulted"],
        json!({"503":0,"429":0,"drop":0,"slow":0})
    );
}

#[tokio::test]
async fn random_faults_same_seed_same_sequence_and_off() {
    let (server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(0);
    let config = |seed: u64| format!(r#"{{"rate":0.5,"seed":{seed},"slow_ms":1}}"#);
    conn.admin("POST", "/__mock/random-faults", &config(11))
        .await;
    let first = random_outcomes(&server, &mut conn, &id, 60, 1).await;
    assert!(count(&first, "none") > 0 && count(&first, "none") < 60);
    conn.admin("POST", "/__mock/random-faults", &config(11))
        .await;
    assert_eq!(random_outcomes(&server, &mut conn, &id, 60, 1).await, first);
    conn.admin("POST", "/__mock/random-faults", &config(12))
        .await;
    assert_ne!(random_outcomes(&server, &mut conn, &id, 60, 1).await, first);

    let reply = conn.admin("DELETE", "/__mock/random-faults", "").await;
    assert_eq!((reply.status, reply.json()), (200, json!({})));
    let seen = random_outcomes(&server, &mut conn, &id, 30, 0).await;
    assert_eq!(count(&seen, "none"), 30);
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(status["enabled"], false);
    assert_eq!(
        status["requests"], 60,
        "counters of the last setting stay readable"
    );
}

#[tokio::test]
async fn random_faults_never_exceed_max_consecutive_per_request() {
    let (server, mut conn) = server_with(3).await;
    let id = ids(&mut conn).await.remove(0);
    conn.admin(
        "POST",
        "/__mock/random-faults",
        r#"{"rate":1,"kinds":["drop"],"max_consecutive":2}"#,
    )
    .await;
    let seen = random_outcomes(&server, &mut conn, &id, 12, 0).await;
    // Two keys, interleaved: each gets two drops, then one served request.
    let expected = ["drop", "drop", "drop", "drop", "none", "none"].repeat(2);
    assert_eq!(seen, expected);
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(status["spared"], 4);
    assert_eq!(status["faulted"]["drop"], 8);
}

#[tokio::test]
async fn random_faults_are_validated() {
    let (_server, mut conn) = server_with(0).await;
    for body in [
        r#"{}"#,
        r#"{"rate":2}"#,
        r#"{"rate":0.1,"kinds":["500"]}"#,
        r#"{"rate":0.1,"kinds":[]}"#,
        r#"{"rate":0.1,"colour":"red"}"#,
        r#"{"rate":"#,
    ] {
        let reply = conn.admin("POST", "/__mock/random-faults", body).await;
        assert_eq!(reply.status, 400, "{body}");
    }
    let reply = conn.admin("PUT", "/__mock/random-faults", "").await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("allow"), Some("GET, HEAD, POST, DELETE"));
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(status["enabled"], false);
}

#[tokio::test]
async fn reset_restores_the_starting_random_faults() {
    let config = MockConfig {
        count: 1,
        random_faults: Some(workos_dsync_mock::RandomFaultConfig {
            rate: 1.0,
            kinds: vec![workos_dsync_mock::RandomKind::RateLimited],
            ..Default::default()
        }),
        ..MockConfig::default()
    };
    let server = MockServer::start(config).await.unwrap();
    let mut conn = Conn::open(&server).await;
    assert_eq!(conn.get("/directories").await.status, 429);
    conn.admin("DELETE", "/__mock/random-faults", "").await;
    assert_eq!(conn.get("/directories").await.status, 200);
    conn.admin("POST", "/__mock/reset", "").await;
    let status = conn.admin("GET", "/__mock/random-faults", "").await.json();
    assert_eq!(
        (status["enabled"].clone(), status["requests"].clone()),
        (json!(true), json!(0))
    );
    assert_eq!(conn.get("/directories").await.status, 429);

    // A server started without random faults goes back to none.
    let (_plain, mut conn) = server_with(1).await;
    conn.admin(
        "POST",
        "/__mock/random-faults",
        r#"{"rate":1,"kinds":["429"]}"#,
    )
    .await;
    assert_eq!(conn.get("/directories").await.status, 429);
    conn.admin("POST", "/__mock/reset", "").await;
    assert_eq!(conn.get("/directories").await.status, 200);
}

#[test]
fn binary_takes_random_fault_flags() {
    use std::io::{Read, Write};
    use std::process::Command;

    let bin = env!("CARGO_BIN_EXE_workos-dsync-mock");
    for bad in [
        &["--fault-seed", "3"][..],
        &["--fault-rate", "1.5"],
        &["--fault-rate", "0.1", "--fault-kinds", "503,500"],
        &["--fault-rate", "0.1", "--slow-ms", "60001"],
    ] {
        let out = Command::new(bin).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }

    let flags = "--count 1 --fault-rate 1 --fault-kinds 429,503 --fault-seed 5 --slow-ms 10 \
                 --fault-max-consecutive 1";
    let (mut child, url) =
        workos_dsync_mock::cli::spawn_announced(Command::new(bin).args(flags.split_whitespace()))
            .unwrap();
    let addr = url.strip_prefix("http://").unwrap().to_string();
    let request = |target: &str| {
        let mut stream = std::net::TcpStream::connect(&addr).unwrap();
        let request = format!(
            "GET {target} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_mock\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
    };
    let first = request("/directories");
    assert!(
        first.starts_with("HTTP/1.1 429") || first.starts_with("HTTP/1.1 503"),
        "{first}"
    );
    // At most one failing fault in a row for the same request.
    assert!(request("/directories").starts_with("HTTP/1.1 200"));
    let status = request("/__mock/random-faults");
    assert!(status.contains(r#""kinds":["429","503"]"#), "{status}");
    assert!(status.contains(r#""seed":5"#), "{status}");
    assert!(status.contains(r#""max_consecutive":1"#), "{status}");
    child.kill().unwrap();
    child.wait().unwrap();
}

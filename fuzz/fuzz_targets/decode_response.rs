//! Response decoding over arbitrary statuses, headers and bodies: it must
//! never panic, and every outcome must be a model or the error of the right
//! kind with bounded texts (the properties are in `core/src/decode_check.rs`,
//! which the property tests of `cargo test` also check).

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

/// Mostly the statuses the decoder treats differently, sometimes any.
#[derive(Arbitrary, Debug)]
enum Status {
    Known(u8),
    Any(u16),
}

const KNOWN: [u16; 20] = [
    200, 201, 202, 204, 301, 400, 401, 403, 404, 408, 409, 418, 422, 429, 500, 501, 502, 503, 504,
    599,
];

/// The headers the decoder reads, so that the fuzzer does not have to guess their names.
#[derive(Arbitrary, Debug)]
enum Name {
    RequestId,
    RetryAfter,
    ContentType,
    Other(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct Input {
    status: Status,
    after_ambiguous_attempt: bool,
    headers: Vec<(Name, Vec<u8>)>,
    body: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let status = match input.status {
        Status::Known(i) => KNOWN[usize::from(i) % KNOWN.len()],
        Status::Any(s) => s,
    };
    let headers: Vec<(&[u8], &[u8])> = input
        .headers
        .iter()
        .map(|(name, value)| {
            let name: &[u8] = match name {
                Name::RequestId => b"x-request-id",
                Name::RetryAfter => b"retry-after",
                Name::ContentType => b"content-type",
                Name::Other(n) => n,
            };
            (name, value.as_slice())
        })
        .collect();
    workos_dsync::fuzzing::check_response_decoding(
        status,
        &headers,
        &input.body,
        input.after_ambiguous_attempt,
    );
});

//! `cargo run -p workos-dsync-uniffi --features cli --bin uniffi-bindgen -- generate --library ...`
fn main() {
    uniffi::uniffi_bindgen_main()
}

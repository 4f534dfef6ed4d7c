# `make test` runs every suite and ends with one "N passed, N failed" line;
# `make test-<suite>` runs one (rust, python, node, kotlin with the Java tests,
# swift where a Swift toolchain exists, bench, compat: the mock against the
# official SDKs and the OpenAPI spec).
SUITES := rust python node kotlin swift bench compat
.PHONY: test lint build mock bench-mock $(addprefix test-,$(SUITES))

test:
	@bash scripts/test-all

$(addprefix test-,$(SUITES)): test-%:
	@bash scripts/test-all $*

build:
	cargo build --workspace --all-targets

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# The mock API server on a free port, seeded with demo data.
mock:
	cargo run -p workos-dsync-mock

# Requests per second the mock serves (see bench/README.md).
bench-mock:
	bash bench/mock-throughput

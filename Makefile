# Wellspring's two commands: `make run` and `make test`. Each installs what is missing first, and
# skips every step that is already satisfied.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"$$/\1/p;q}' Cargo.lock)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
# wasm-opt comes from npm (binaryen); cargo-installed tools live in ~/.cargo/bin.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test setup setup-test rust-tools system-packages browser npm-packages \
	check unit-and-integration end2end site-debug

## Install what is missing, build a release and run Wellspring on SQLite with the demo workspace.
run: setup
	cargo leptos build --release
	WELLSPRING_DEMO=true LEPTOS_ENV=PROD LEPTOS_SITE_ROOT=target/site \
		"$(TARGET_DIR)/release/server"

## Install what is missing and run every test: lints, unit, integration (SQLite and PostgreSQL)
## and end-to-end in Chromium.
test: setup-test check unit-and-integration end2end

setup: system-packages rust-tools npm-packages

setup-test: setup browser

system-packages:
	@missing=""; \
	command -v cc >/dev/null || missing="$$missing build-essential"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	dpkg -s libssl-dev >/dev/null 2>&1 || missing="$$missing libssl-dev"; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; \
	fi

browser:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's Chromium for the end-to-end tests"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || \
		rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -qx "cargo-leptos $(CARGO_LEPTOS_VERSION)" || { \
		echo "Installing cargo-leptos $(CARGO_LEPTOS_VERSION) (the first time takes about 25 minutes)"; \
		cargo install --locked cargo-leptos@$(CARGO_LEPTOS_VERSION) --features no_downloads; }
	@wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WASM_BINDGEN_VERSION)" || { \
		echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION), the version in Cargo.lock"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); }

npm-packages: end2end/node_modules/.installed

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	touch $@

## Formatting, lints with warnings denied, and the browser build of the frontend.
check:
	cargo fmt --all -- --check
	cargo clippy -p app --features ssr --all-targets -- -D warnings
	cargo clippy -p server -p migrations --all-targets -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

## Unit tests and the integration tests, which run against SQLite and PostgreSQL
## (TEST_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/postgres).
unit-and-integration:
	cargo test -p app -p server -p migrations --features app/ssr

## End-to-end tests against a debug build, with JavaScript on and off.
end2end: site-debug
	cd end2end && WELLSPRING_SERVER="$(TARGET_DIR)/debug/server" npx playwright test

site-debug:
	cargo leptos build

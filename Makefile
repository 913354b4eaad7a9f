# profile-diff: every target installs what it needs first, so a fresh Debian machine needs only `make demo` or `make test`.

SWIFT       ?= swift
APT_PACKAGES = libgit2-dev libmd4c-dev zlib1g-dev libjemalloc-dev pkg-config
SAMPLE_DIR  ?= .build/sample-site
DIR         ?= $(SAMPLE_DIR)
BIN          = .build/debug
RELEASE_BIN  = .build/release

.PHONY: all deps build release install sample demo test bench man completions clean fuzz test-sanitized

all: build

# Installs the Debian packages that are missing: apt-get as root, otherwise the exact command to run.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || exit 1; \
	  else \
	    echo "missing system packages:$$missing"; \
	    echo "install them with:  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

# Release binaries carry the Swift runtime and Foundation inside (--static-swift-stdlib): start-up is a quarter
# shorter, with no symbol lookups across a dozen shared libraries (docs/performance.md, sixth round), and the
# binary runs where no Swift toolchain is installed; it needs only Debian's libgit2, md4c, zlib and jemalloc.
# Products are named: building every target would take the tests' support module, which needs the toolchain's
# shared Testing library.
RELEASE_BUILD = $(SWIFT) build -c release --static-swift-stdlib
release: deps
	$(RELEASE_BUILD) --product profile-diff

# `make install PREFIX=~/.local` or `sudo make install`: the stripped binary, its man page and shell completions.
PREFIX ?= /usr/local
install: release
	install -D -s -m 755 $(RELEASE_BIN)/profile-diff $(DESTDIR)$(PREFIX)/bin/profile-diff
	install -D -m 644 docs/man/profile-diff.1 $(DESTDIR)$(PREFIX)/share/man/man1/profile-diff.1
	mkdir -p $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(RELEASE_BIN)/profile-diff --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/profile-diff
	$(RELEASE_BIN)/profile-diff --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_profile-diff
	$(RELEASE_BIN)/profile-diff --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/profile-diff.fish

# A real git repository built from history/ through libgit2 (stable commit ids). `make sample DIR=/tmp/site`.
sample: build
	$(BIN)/profile-diff-sample --history history --force $(DIR)

# The demo prints its three reports one after another, not each in a pager waiting for a key.
demo: export PROFILE_DIFF_PAGER = cat
demo: sample
	@echo
	@echo '$$ profile-diff HEAD~5      # the last five commits, in the page'"'"'s own terms'
	@$(BIN)/profile-diff -C $(SAMPLE_DIR) HEAD~5
	@echo
	@echo '$$ profile-diff --root --oneline'
	@$(BIN)/profile-diff -C $(SAMPLE_DIR) --root --oneline
	@echo
	@echo '$$ profile-diff --net HEAD~14     # first revision to last, as one review'
	@$(BIN)/profile-diff -C $(SAMPLE_DIR) --net HEAD~14

# The CI workflow test drives the real gh CLI (against a local stand-in for GitHub's API).
test: APT_PACKAGES += gh python3
test: deps
	$(SWIFT) test

# A benchmark, not a test: release build, synthetic repositories of 1,000 and 10,000 commits,
# profile-diff --root --format json against git log -p, interleaved. See docs/performance.md.
bench: deps
	@command -v /usr/bin/time >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq time >/dev/null; } || { echo "install GNU time: sudo apt-get install -y time"; exit 1; }
	for product in profile-diff profile-diff-synth profile-diff-pagebench; do $(RELEASE_BUILD) --product $$product || exit 1; done
	$(MAKE) --no-print-directory sample SAMPLE_DIR=.build/sample-site
	scripts/bench.sh

# The man pages and shell completions, generated from the same definitions as --help.
man: deps
	mkdir -p docs/man
	$(SWIFT) package --allow-writing-to-directory docs/man generate-manual --date 2026-11-23 \
	    --authors "the profile-diff developers" --output-directory docs/man
	rm -f docs/man/profile-diff-synth.1

completions: build
	mkdir -p .build/completions
	for shell in bash zsh fish; do $(BIN)/profile-diff --generate-completion-script $$shell > .build/completions/profile-diff.$$shell; done
	@echo "completions in .build/completions (bash: source it; zsh: put _profile-diff on your fpath; fish: ~/.config/fish/completions)"

clean:
	rm -rf .build/sample-site

# libFuzzer targets under Fuzz/ (declared in Package.swift only when PROFILE_DIFF_FUZZ=1), built with ASan into
# .build-fuzz and run one after another for FUZZ_SECONDS each from the committed seeds in Fuzz/Corpus/.
# Crash inputs land in .build-fuzz/artifacts/; exit status is non-zero if any target crashed.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= FuzzFrontMatter FuzzDocument FuzzDiff FuzzReuse FuzzRenderers
FUZZ_CONFIG  ?= release
# SwiftPM passes `-sanitize=fuzzer -sanitize=address` to swiftc, and swiftc keeps only the last `-sanitize=`: Swift code
# would get ASan but no coverage, and libFuzzer would fuzz blind. The combined flag restores both.
FUZZ_BUILD    = PROFILE_DIFF_FUZZ=1 $(SWIFT) build -c $(FUZZ_CONFIG) --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --scratch-path .build-fuzz
fuzz: deps
	@for t in $(FUZZ_TARGETS); do $(FUZZ_BUILD) --product $$t || exit 1; done
	@BIN="$$($(FUZZ_BUILD) --show-bin-path)" FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh $(FUZZ_TARGETS)

# The whole suite under AddressSanitizer, then ThreadSanitizer (the pipeline parses and compares on all cores),
# each in its own scratch path so the debug build is untouched. Judged by exit status, not by XCTest's summary:
# a sanitizer report makes the process exit non-zero even when every test printed "passed".
# LeakSanitizer stays on (the end-to-end tests run the ASan-built binary, which inherits these options), with
# suppressions only for leaks in code this project does not own, each verified from its stack:
#   libpcre2-8.so       libgit2 1.5.1's git_regexp_match returns on "no match" without pcre2_match_data_free
#   /checkouts/TOMLKit/ TOMLKit 0.6.0 never frees: TOMLTable has no deinit, and its value getters strdup/malloc
#                       what they return (every TOML front matter parsed leaks its table; reported upstream-worthy)
#   libXCTest.so, readBytesFromFile, Foundation7ProcessC3run   the XCTest runner's objects, Foundation's
#                       Data(contentsOf:) buffers and Process.run's weak reference, all at exit
#   SeedModels, FrontMatterParserO13parseUncached   values alive in globals at exit (the test-only SeedModels
#                       documents; the front matter FrontMatterCache.shared keeps, all of it made under
#                       FrontMatterParser.parseUncached): Swift packs enum tags into pointer spare bits, so LSan does not
#                       see the references to FrontMatterValue's indirect-enum boxes (a false positive; at most the
#                       cache's 256 entries per process)
SANITIZER_SUPPRESSIONS = leak:libpcre2-8.so leak:/checkouts/TOMLKit/ leak:libXCTest.so leak:readBytesFromFile \
	leak:Foundation7ProcessC3run leak:SeedModels leak:FrontMatterParserO13parseUncached

# ThreadSanitizer: Synchronization.Mutex on Linux hands a contended lock over in the kernel (futex PI, in the
# uninstrumented stdlib), so TSan sees no happens-before between two holders: every contended withLock is reported
# as a "Swift access race". Suppressed for the one type that uses it (FrontMatterCache), nothing else.
THREAD_SUPPRESSIONS = race:FrontMatterCache

test-sanitized: deps
	@mkdir -p .build-asan .build-tsan; printf '%s\n' $(SANITIZER_SUPPRESSIONS) > .build-asan/lsan.supp; \
	printf '%s\n' $(THREAD_SUPPRESSIONS) > .build-tsan/tsan.supp; \
	asan=0; tsan=0; \
	LSAN_OPTIONS="suppressions=$(CURDIR)/.build-asan/lsan.supp:print_suppressions=0" \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan || asan=$$?; \
	TSAN_OPTIONS="suppressions=$(CURDIR)/.build-tsan/tsan.supp" \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan || tsan=$$?; \
	echo "test-sanitized: address sanitizer exit $$asan, thread sanitizer exit $$tsan"; \
	[ $$asan = 0 ] && [ $$tsan = 0 ]

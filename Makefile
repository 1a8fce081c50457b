# pregon — the two commands of the README, and their parts.
#   make demo   installs what is missing, builds, and sends a sample campaign end to end
#   make test   installs what is missing, builds (normal + ASan/UBSan), runs every test
#   make bench  the throughput benchmark of docs/BENCHMARKS.md (100,000 and 1,000,000 recipients)
#   make deb    the Debian package (docs/DEPLOY.md); make install: the same files under /usr/local
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan

.PHONY: all deps test-deps build build-asan test test-unit test-asan test-tsan check-clang demo bench install deb format format-check source-check clean

all: build

deps:
	@scripts/bootstrap

test-deps:
	@scripts/bootstrap --test

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPREGON_WERROR=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPREGON_SANITIZE=ON -DPREGON_WERROR=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)

# Every test: the source checks, then unit + integration on the normal build, then all again
# under ASan+UBSan.
test: test-deps source-check build build-asan
	scripts/check-clang $(BUILD)
	scripts/run-tests $(BUILD) $(ASAN_BUILD)

test-unit: build
	cd $(BUILD) && $(CURDIR)/scripts/pg-scratch run ctest -L unit --output-on-failure -j$(JOBS)

# The engine's and the store's unit tests under ThreadSanitizer: the threads of a worker (range
# threads, lease keeper, control loop) and the store's connection pools. Not part of `make
# test` (it would add a third build); run it after touching anything those threads share.
test-tsan: test-deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPREGON_TSAN=ON -DPREGON_WERROR=ON -DCMAKE_UNITY_BUILD=ON >/dev/null
	cmake --build $(TSAN_BUILD) -j$(JOBS) --target pregon_engine_tests pregon_store_tests
	cd $(TSAN_BUILD) && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  $(CURDIR)/scripts/pg-scratch run sh -c './pregon_engine_tests && ./pregon_store_tests'

# clang-tidy (.clang-tidy) and clang's thread-safety analysis (GUARDED_BY, REQUIRES;
# core/mutex.h) over the product sources; part of `make test`.
check-clang: test-deps build
	scripts/check-clang $(BUILD)

demo: build
	scripts/demo $(BUILD)/pregon

# DESIGN §5 throughput: 100,000 and 1,000,000 recipients to an nginx sink (figures in docs/BENCHMARKS.md).
bench: build
	scripts/bootstrap --bench
	bench/nginx_send.sh $(BUILD)/pregon "100000 1000000" 2 1000 256
	bench/peer_celery.sh $(BUILD)/pregon 100000

# The binary, the systemd units, the nginx site, the settings example (and /etc/pregon/pregon.env
# when there is none), the monitoring files, the man page and the docs (cmake/install.cmake).
install: build
	cmake --install $(BUILD)

# $(BUILD)/pregon_<version>_amd64.deb, from the same install rules (cmake/install.cmake); its
# maintainer scripts are in deploy/debian/.
deb: build
	cd $(BUILD) && cpack -G DEB

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h')

# Every C++ source is as `make format` (clang-format, .clang-format) writes it.
format-check: test-deps
	clang-format --dry-run -Werror $$(git ls-files 'src/*.cpp' 'src/*.h')

# The rules a compiler does not check: formatting, and who may read the system clocks.
source-check: format-check
	scripts/check-sources

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) .demo

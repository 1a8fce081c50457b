# pregon — the two commands of the README, and their parts.
#   make demo   installs what is missing, builds, and sends a sample campaign end to end
#   make test   installs what is missing, builds (normal + ASan/UBSan), runs every test
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan

.PHONY: all deps test-deps build build-asan test test-unit test-asan demo bench format clean

all: build

deps:
	@scripts/bootstrap

test-deps:
	@scripts/bootstrap --test

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPREGON_WERROR=ON >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPREGON_SANITIZE=ON -DPREGON_WERROR=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)

# Every test: unit + integration on the normal build, then all again under ASan+UBSan.
test: test-deps build build-asan
	scripts/run-tests $(BUILD) $(ASAN_BUILD)

test-unit: build
	cd $(BUILD) && $(CURDIR)/scripts/pg-scratch run ctest -L unit --output-on-failure -j$(JOBS)

demo: build
	scripts/demo $(BUILD)/pregon

bench: build
	scripts/bootstrap --test
	bench/sandbox_send.sh $(BUILD)/pregon 100000

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) .demo

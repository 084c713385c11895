# `make run` and `make test` do all set-up on a fresh machine (Python 3.11+, and for the
# Neo4j tests Java 17 + Maven; see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.run-stamp
PORT   ?= 8501
SAMPLE ?= sample_models/retail_order_to_resolution.xlsx

.PHONY: install run test lint typecheck pytest neo4j-start neo4j-stop bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# `make run` installs only what the app needs; the test tools come with `make test`.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUN_STAMP)

install: $(STAMP)

run: $(RUN_STAMP)
	OPMODEL_SAMPLE=$(SAMPLE) $(BIN)/streamlit run app.py --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

lint: $(STAMP)
	$(BIN)/ruff check opmodel tests benchmarks app.py sample_models

typecheck: $(STAMP)
	$(BIN)/mypy opmodel app.py

# The whole suite against a throwaway Neo4j (unless NEO4J_URI points at your own).
# In CI (CI=true) a Neo4j that cannot start fails the run; locally the Neo4j tests skip
# with a message saying how to point them at a server.
test: lint typecheck
	@set -e; started=""; \
	if [ -z "$$NEO4J_URI" ]; then \
	  if neo4j/start.sh >/dev/null; then started=1; export NEO4J_URI=$$(cat .neo4j/uri); \
	  elif [ "$$CI" = "true" ]; then echo "make test: Neo4j did not start (see above)"; exit 1; \
	  else echo "make test: running without Neo4j; its tests will be skipped"; fi; \
	fi; \
	status=0; $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS) || status=$$?; \
	if [ -n "$$started" ]; then neo4j/stop.sh; fi; \
	exit $$status

pytest: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

neo4j-start:
	@neo4j/start.sh

neo4j-stop:
	@neo4j/stop.sh

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py --activities 100000 --teams 20 --repeat 3
	$(BIN)/python benchmarks/bench_analysis.py --activities 100000 --teams 20 --repeat 3

docs: $(STAMP)
	$(BIN)/python -m opmodel.docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache benchmarks/out

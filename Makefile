# The two commands of the README: `make run` (the main job) and `make test`.
# Everything else is set up by them: a virtual environment in .venv with the pinned
# dependencies of requirements/constraints.txt and this package installed editable.

PYTHON ?= python3
VENV := .venv
VENV310 := .venv-mpl310
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STAMP310 := $(VENV310)/.installed
VENVWHEEL := .venv-wheel
STAMPWHEEL := $(VENVWHEEL)/.installed
VENVHOSTED := .venv-hosted
STAMPHOSTED := $(VENVHOSTED)/.installed
CONSTRAINTS := requirements/constraints.txt

.PHONY: setup run report report-student notebooks test test-unit test-notebooks test-mpl310 browser lab bench clean lint

setup: $(STAMP)

# pip shows what it collects and installs: a first setup takes a few minutes and says so as it goes
$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "setup: installing the pinned dependencies into $(VENV) (a few minutes the first time)"
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -c $(CONSTRAINTS) \
	    -e ".[notebooks,test,dask,parquet,fast]"
	touch $(STAMP)

# matplotlib 3.10: the reshape-and-reorder rendering path, tested in its own environment
$(STAMP310): pyproject.toml $(CONSTRAINTS) requirements/matplotlib-3.10.txt
	test -x $(VENV310)/bin/python || $(PYTHON) -m venv $(VENV310)
	grep -v '^matplotlib==' $(CONSTRAINTS) > $(VENV310)/constraints.txt
	@echo "setup: the matplotlib 3.10 test environment $(VENV310)"
	$(VENV310)/bin/python -m pip install --disable-pip-version-check --progress-bar on \
	    -c $(VENV310)/constraints.txt -r requirements/matplotlib-3.10.txt -e ".[test]"
	touch $(STAMP310)

# a hosted notebook service (matplotlib 3.10, a kernel, not this package): tests/test_hosted.py runs
# notebook 00 there, and its first cell installs the package from this clone
$(STAMPHOSTED): $(CONSTRAINTS) requirements/hosted.txt
	test -x $(VENVHOSTED)/bin/python || $(PYTHON) -m venv $(VENVHOSTED)
	grep -v '^matplotlib==' $(CONSTRAINTS) > $(VENVHOSTED)/constraints.txt
	@echo "setup: the hosted-service test environment $(VENVHOSTED)"
	$(VENVHOSTED)/bin/python -m pip install --disable-pip-version-check --progress-bar on \
	    -c $(VENVHOSTED)/constraints.txt -r requirements/hosted.txt
	touch $(STAMPHOSTED)

run: setup
	$(BIN)/arabic-news report --notebooks notebooks --out build/report

# the student edition: without the worked solutions and without any link to them
report-student: setup
	$(BIN)/arabic-news report --notebooks notebooks --out build/report-student --student

report: run

# after changing the package: re-execute the committed notebooks (and solutions) in place, in order
notebooks: setup
	$(BIN)/python -m arabic_news.cli.report --notebooks notebooks --refresh

# headless Chromium and its driver for tests/test_browser.py (Debian packages)
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: setup $(STAMP310) $(STAMPWHEEL) $(STAMPHOSTED) browser lint
	$(BIN)/python -m pytest
	$(VENV310)/bin/python -m pytest -o addopts="-p no:cacheprovider" tests/test_render.py tests/test_charts.py

# the linter and formatter every contribution passes (configured in pyproject.toml)
lint: setup
	$(BIN)/ruff check lib tests benchmarks notebooks
	$(BIN)/ruff format --check lib tests benchmarks

# a virtual environment with the package's runtime dependencies only (a plain, non-editable install),
# for tests/test_wheel.py: the test builds the wheel, installs it there in place of the previous
# install and runs every subcommand outside the repository
$(STAMPWHEEL): pyproject.toml $(CONSTRAINTS)
	test -x $(VENVWHEEL)/bin/python || $(PYTHON) -m venv $(VENVWHEEL)
	@echo "setup: the wheel test environment $(VENVWHEEL)"
	$(VENVWHEEL)/bin/python -m pip install --disable-pip-version-check --progress-bar on -c $(CONSTRAINTS) .
	touch $(STAMPWHEEL)

test-unit: setup
	$(BIN)/python -m pytest tests -o addopts="-p no:cacheprovider"

test-notebooks: setup
	$(BIN)/python -m pytest notebooks

test-mpl310: $(STAMP310)
	$(VENV310)/bin/python -m pytest -o addopts="-p no:cacheprovider" tests/test_render.py tests/test_charts.py

# JupyterLab with the Arabic face of the charts served to it (ٱ included): arabic_news/cli/lab.py
lab: setup
	$(BIN)/arabic-news lab --notebooks notebooks

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf build $(VENV) $(VENV310) $(VENVWHEEL) $(VENVHOSTED)

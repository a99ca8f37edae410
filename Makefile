# GitOpsBackup — `make help` lists the targets.
DOTNET        ?= dotnet
CONFIGURATION ?= Debug
SAMPLE        ?= sample-repo
KUBECONFIG_ARG ?= $(if $(KUBECONFIG),--kubeconfig $(KUBECONFIG),)
TEST_FILTER   ?=
HOSTILE_CASES ?= 100000
RELIABILITY_SEED   ?= 20261202
RELIABILITY_FAULTS ?= 1000
RELIABILITY_SHARDS ?= 4
SOAK_MINUTES  ?= 30
SOAK_SEED     ?= $(shell od -An -N2 -tu2 /dev/urandom | tr -d ' ')
REPORTS       ?= $(or $(TMPDIR),/tmp)
CLI            = $(DOTNET) run --no-build -c $(CONFIGURATION) --project reconciler/GitOpsBackup.Cli --

.DEFAULT_GOAL := help
.PHONY: help build test deps run fmt lint verify bench clean schema image-check reliability soak hostile

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-8s\033[0m %s\n", $$1, $$2}'

build: ## Build all projects (warnings are errors)
	$(DOTNET) build GitOpsBackup.sln -c $(CONFIGURATION) -nologo -v q

deps: ## Install what the tests need when missing (restic, rclone, sshd, git, s3rver)
	bash tests/tools/install-deps.sh

test: deps build ## Run every test (real git servers, restic, rclone, s3rver, kubectl)
	$(DOTNET) test GitOpsBackup.sln -c $(CONFIGURATION) --no-build -nologo $(if $(TEST_FILTER),--filter "$(TEST_FILTER)",) --logger "console;verbosity=normal"

reliability: build ## Fixed-seed fault campaign (1,000 faults, kills and restarts) then the hostile-input campaign (HOSTILE_CASES); each prints violations: N
	@rm -f $(REPORTS)/gitops-backup-faults.txt; RELIABILITY_SEED=$(RELIABILITY_SEED) RELIABILITY_FAULTS=$(RELIABILITY_FAULTS) RELIABILITY_SHARDS=$(RELIABILITY_SHARDS) RELIABILITY_REPORT=$(REPORTS)/gitops-backup-faults.txt \
	  $(DOTNET) test tests/GitOpsBackup.Tests -c $(CONFIGURATION) --no-build -nologo --filter "FullyQualifiedName~Reliability.FaultCampaignTests"; \
	  status=$$?; cat $(REPORTS)/gitops-backup-faults.txt 2>/dev/null; exit $$status
	$(DOTNET) run -c Release --project tests/GitOpsBackup.Fuzz -- campaign all --cases $(HOSTILE_CASES)

soak: build ## Long fault campaign: SOAK_MINUTES of real time (default 30), seed SOAK_SEED (default random, printed)
	@echo "soak: seed $(SOAK_SEED), $(SOAK_MINUTES) min"
	@rm -f $(REPORTS)/gitops-backup-soak.txt; RELIABILITY_SEED=$(SOAK_SEED) RELIABILITY_MINUTES=$(SOAK_MINUTES) RELIABILITY_REPORT=$(REPORTS)/gitops-backup-soak.txt \
	  $(DOTNET) test tests/GitOpsBackup.Tests -c $(CONFIGURATION) --no-build -nologo --filter "FullyQualifiedName~Reliability.FaultCampaignTests"; \
	  status=$$?; cat $(REPORTS)/gitops-backup-soak.txt 2>/dev/null; exit $$status

run: build ## Validate sample-repo, play one night on the embedded cluster (or, with KUBECONFIG set, reconcile that cluster once), write the night's page
	$(CLI) validate $(SAMPLE)
	$(CLI) render $(SAMPLE) | grep -E '^kind:|^  (name|namespace):' | paste - - -
ifeq ($(KUBECONFIG),)
	$(CLI) demo $(SAMPLE) --events $(or $(TMPDIR),/tmp)/gitops-backup-demo-events.jsonl --html $(or $(TMPDIR),/tmp)/gitops-backup-night.html
else
	$(CLI) run $(SAMPLE) --once $(KUBECONFIG_ARG)
	-$(CLI) status $(KUBECONFIG_ARG) --html $(or $(TMPDIR),/tmp)/gitops-backup-night.html
endif

schema: build ## Regenerate from spec-schema/*.schema.json: the CRDs and the field tables of spec-schema/README.md
	UPDATE_SCHEMA=1 $(DOTNET) test tests/GitOpsBackup.Tests -c $(CONFIGURATION) --no-build -nologo --filter "FullyQualifiedName~CrdDrift|FullyQualifiedName~SchemaReadmeDrift"

image-check: ## Publish as the gitops-backup Dockerfile does and start it as the image would (uid 65532, read-only app dir)
	bash tests/tools/image-check.sh

hostile: build ## Hostile input campaign (spec loader, namespace resolver, webhook): HOSTILE_CASES inputs in Release on every core, prints violations
	$(DOTNET) run -c Release --project tests/GitOpsBackup.Fuzz -- campaign all --cases $(HOSTILE_CASES)

fmt: ## Format the code
	$(DOTNET) format GitOpsBackup.sln

lint: ## Check formatting and analyzers without changing files
	$(DOTNET) format GitOpsBackup.sln --verify-no-changes
	$(DOTNET) build GitOpsBackup.sln -c $(CONFIGURATION) -nologo -v q

verify: lint test ## lint + test

bench: ## Print the benchmark table (100/1,000/10,000 apps, naive kubectl loop side by side) and bench-results.json
	$(DOTNET) publish reconciler/GitOpsBackup.Cli -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -o reconciler/GitOpsBackup.Bench/bin/cli -nologo -v q
	GOB_BENCH_CLI=reconciler/GitOpsBackup.Bench/bin/cli/gitops-backup $(DOTNET) run -c Release --project reconciler/GitOpsBackup.Bench -- all

clean: ## Remove build output
	$(DOTNET) clean GitOpsBackup.sln -nologo -v q
	find . -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

#!/usr/bin/env bash
# The fuzzers of tests/Hub.Security.Tests for longer than the test suite's bounded run: every parser for
# HUB_FUZZ_SECONDS seconds (default 120) each, from a random seed. A failure prints the CsCheck seed (replay it with
# HUB_FUZZ_SEED=...) and the shrunk input; add that input to tests/Hub.Security.Tests/Fuzz/Regressions/<target>.txt.
#   tests/fuzz.sh                    # 2 minutes per parser
#   HUB_FUZZ_SECONDS=600 tests/fuzz.sh Json   # one parser (test name filter), 10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
export HUB_FUZZ_SECONDS="${HUB_FUZZ_SECONDS:-120}"
filter="FullyQualifiedName~HubFramework.Security.Tests.Fuzz${1:+&FullyQualifiedName~$1}"
dotnet build tests/Hub.Security.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/Hub.Security.Tests -c Release --no-build --filter "$filter" --logger "console;verbosity=normal"

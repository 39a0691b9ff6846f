# The two commands of the README: `make run` and `make test`. Everything else is a building block of those.
.PHONY: run test build format-check clean

run:
	@scripts/run.sh

test:
	@scripts/test.sh

build:
	dotnet build SomaMemory.sln -c Release -nologo

# Fails when `dotnet format` would change anything.
format-check:
	dotnet format SomaMemory.sln --verify-no-changes

clean:
	dotnet clean SomaMemory.sln -nologo -v quiet

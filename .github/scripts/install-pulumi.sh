#!/usr/bin/env bash
# Installs the Pulumi CLI that `npm run deploy` drives (the tool never
# downloads it itself): the release of the same version as the @pulumi/pulumi
# SDK that npm ci installed from the lockfile (the CLI and the Node.js SDK are
# released together), from Pulumi's download site, into $RUNNER_TEMP, and puts
# it on the PATH of the job's next steps. Linux x64 runners.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(node -p 'require("@pulumi/pulumi/package.json").version')
dir="${RUNNER_TEMP:-$(mktemp -d)}/pulumi-$version"
mkdir -p "$dir"
curl -fsSL --retry 3 "https://get.pulumi.com/releases/sdk/pulumi-v$version-linux-x64.tar.gz" | tar -xz -C "$dir" --strip-components=1
"$dir/pulumi" version
if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >> "$GITHUB_PATH"; else echo "add $dir to PATH"; fi

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
# The archive is checked against the release's published SHA-256 list before it
# is unpacked (file names as Pulumi's releases carry them; unconfirmed offline:
# a wrong name fails the job here, before anything runs).
base="https://get.pulumi.com/releases/sdk"
archive="pulumi-v$version-linux-x64.tar.gz"
curl -fsSL --retry 3 -o "$dir/$archive" "$base/$archive"
curl -fsSL --retry 3 -o "$dir/checksums.txt" "$base/pulumi-$version-checksums.txt"
(cd "$dir" && grep " $archive\$" checksums.txt | sha256sum -c -)
tar -xzf "$dir/$archive" -C "$dir" --strip-components=1
"$dir/pulumi" version
if [ -n "${GITHUB_PATH:-}" ]; then echo "$dir" >> "$GITHUB_PATH"; else echo "add $dir to PATH"; fi

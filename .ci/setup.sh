#!/usr/bin/env bash
# Installs everything dwtwin needs on a fresh Debian/Ubuntu machine: the system tools (Verilator, Icarus
# Verilog, Yosys, nextpnr-ice40/icestorm, socat, udev, SLURM and munge for the cluster round-trip test, procps
# for the signal tests) and the npm packages. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(verilator iverilog yosys nextpnr-ice40 fpga-icestorm socat udev slurm-wlm munge procps)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "setup: installing npm packages"
npm ci --no-audit --no-fund

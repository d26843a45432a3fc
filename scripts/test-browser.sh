#!/usr/bin/env bash
# Before `npm test` (the npm `pretest` hook): the browser for the HTML report's test
# (tests/plan/report.browser.test.ts). Best effort, so that the README's test command does all the
# set-up on a fresh machine: as root with apt-get, install Debian's `chromium` package when no
# Chromium is there (DP100_CHROMIUM, or `chromium` on PATH). Elsewhere, or when the install fails,
# the browser test is skipped and says how to install it. Never fails the test run.
if [[ -n ${DP100_CHROMIUM:-} ]] || command -v chromium >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "test-browser.sh: installing chromium for the HTML report test"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    echo "test-browser.sh: chromium could not be installed: the browser test will be skipped"
fi
exit 0

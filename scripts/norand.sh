#!/bin/sh
# norand.sh CMD... - runs CMD with the kernel's address randomisation off
# (setarch -R, inherited by every process CMD starts), or as it is where the
# system does not allow that. The sanitizer stages of make test and the fuzz
# targets run through it: gcc 12's ASan and TSan runtimes map their shadow
# memory at fixed addresses, and with vm.mmap_rnd_bits = 32 a randomised
# mapping in the way makes an instrumented program spin forever at start
# (docs/testing.md).
arch=$(uname -m)
if setarch "$arch" -R true 2>/dev/null; then
    exec setarch "$arch" -R "$@"
fi
exec "$@"

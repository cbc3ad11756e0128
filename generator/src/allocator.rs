//! Tuning of mimalloc, the allocator of the `generator` binary and its benchmark.
//!
//! mimalloc (v3, as the `mimalloc` crate builds it) keeps freed memory for a second before
//! giving it back to the system. A generation lasts well under a second and emitting churns
//! through short-lived token trees, so nothing was ever given back: commercetools peaked at
//! 66–70 MB, 19× its 3.6 MB input, against a limit of 20×. A 50 ms delay brings that to about
//! 52 MB (14×) at no measurable cost in time; 10 ms saves a little more memory but costs
//! about 8% (BENCHMARKS.md, "Peak memory now").

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_e` (mimalloc.h, v3), which
/// the Rust bindings do not name.
const PURGE_DELAY_OPTION: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory is kept for reuse before it is returned, in milliseconds.
const PURGE_DELAY_MS: std::os::raw::c_long = 50;

/// Makes mimalloc return freed memory after `PURGE_DELAY_MS` (50 ms). Call it first thing in
/// `main`; it only changes an option, so it is harmless under any other allocator.
pub fn return_freed_memory_sooner() {
    // SAFETY: `mi_option_set` only stores an option value; any value is valid for this option.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY_OPTION, PURGE_DELAY_MS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_is_the_purge_delay_and_is_set() {
        // SAFETY (both calls): they read and store an option value.
        let before = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY_OPTION) };
        // The index names the purge delay if it holds v3's default for it (1000 ms), unless
        // the environment sets it. A bindings update that moves the enum fails here.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(
                before, 1000,
                "option {PURGE_DELAY_OPTION} is not the purge delay"
            );
        }
        return_freed_memory_sooner();
        let after = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY_OPTION) };
        assert_eq!(after, PURGE_DELAY_MS);
    }
}

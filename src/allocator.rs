//! The allocator's tuning: the binary (and the preview's timing example,
//! to measure what the binary runs) allocate with mimalloc, declared as
//! the global allocator in each of them; [`tune`] sets the options they
//! share.

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the same in its
/// v2 and v3): how long freed memory is kept before it goes back to the
/// system; 0 returns it at once but doubles the system time.
pub const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long, in milliseconds, freed memory is kept before it goes back to
/// the system: mimalloc v3's own default, pinned here so that a change of
/// the crate's default (v2's is 10 ms) does not change the build's speed.
///
/// Memory freed and touched again within the delay is reused instead of
/// being returned, faulted in and zeroed again. Measured into tmpfs on the
/// synthetic corpus, against the 100 ms set before: at 10,000 projects,
/// 6 alternating pairs, wall 5.27 to 4.99 s and CPU 9.91 to 9.38 s
/// (medians), peak 219 to 253 MB; at 100,000 projects, one pair, wall
/// 64.1 to 58.8 s, system time 29.9 to 21.9 s, peak 1.48 to 1.52 GB.
/// Keeping freed memory for ever (-1) gained nothing more.
pub const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Sets the purge delay to [`PURGE_DELAY_MS`] unless `MIMALLOC_PURGE_DELAY`
/// chooses another.
pub fn tune() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's own options by its index; no
        // memory is touched.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

//! The allocator's tuning: the binary (and the preview's timing example,
//! to measure what the binary runs) allocate with mimalloc, declared as
//! the global allocator in each of them; [`tune`] sets the options they
//! share.

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the same in its
/// v2 and v3): how long freed memory is kept before it goes back to the
/// system; 0 returns it at once but doubles the system time.
pub const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long, in milliseconds, a process that runs for a while (`serve`)
/// keeps freed memory before it goes back to the system: mimalloc v3's
/// own default, pinned here so that a change of the crate's default (v2's
/// is 10 ms) does not change the preview's speed.
///
/// Memory freed and touched again within the delay is reused instead of
/// being returned, faulted in and zeroed again. Measured into tmpfs on the
/// synthetic corpus, against the 100 ms set before: at 10,000 projects,
/// 6 alternating pairs, wall 5.27 to 4.99 s and CPU 9.91 to 9.38 s
/// (medians), peak 219 to 253 MB; at 100,000 projects, one pair, wall
/// 64.1 to 58.8 s, system time 29.9 to 21.9 s, peak 1.48 to 1.52 GB.
pub const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// The purge delay of a process that ends when its work is done (`build`,
/// `check`, `import`): -1, freed memory is kept until the process exits,
/// as nothing else is waiting for it and whatever is given back costs a
/// fault and a zeroed page when it is needed again.
///
/// Into tmpfs, against [`PURGE_DELAY_MS`], alternating: at 100,000
/// projects (2 pairs) wall 46.4 and 46.0 s to 43.6 and 43.1 s, system time
/// 18.8 and 14.6 s to 14.0 and 13.4 s, peak 1.52 to 1.61 GB; at 10,000
/// projects (4 pairs) no difference beyond the noise (medians 4.20 and
/// 4.00 s), peak 250 to 275 MB. Freed memory comes back most at 100,000
/// projects, where it is largest: the model and each chunk's pages.
pub const PURGE_DELAY_ONCE: std::ffi::c_long = -1;

/// How long the process runs, which decides what freed memory is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Run {
    /// Ends when its work is done: keeps freed memory ([`PURGE_DELAY_ONCE`]).
    Once,
    /// Waits for edits (`serve`): gives freed memory back after
    /// [`PURGE_DELAY_MS`].
    Long,
}

impl Run {
    /// The purge delay this run sets.
    pub fn purge_delay(self) -> std::ffi::c_long {
        match self {
            Run::Once => PURGE_DELAY_ONCE,
            Run::Long => PURGE_DELAY_MS,
        }
    }
}

/// Sets the purge delay of `run` unless `MIMALLOC_PURGE_DELAY` chooses
/// another.
pub fn tune(run: Run) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one of mimalloc's own options by its index; no
        // memory is touched.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, run.purge_delay()) };
    }
}

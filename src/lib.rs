//! # gongkai — the pipeline
//!
//! gongkai turns a folder of YAML plans into a bilingual static site. Data
//! flows one way through five stages, each a module with its own types:
//!
//! 1. [`load`]: read the site folder into a [`load::SourceSet`] (walkdir,
//!    parallel reads) and parse every YAML file into raw serde types that keep
//!    source locations ([`load::Loaded`]).
//! 2. [`validate`]: check meaning and resolve every reference, producing the
//!    immutable [`model::Model`], or *all* content errors at once
//!    ([`error::Diagnostic`]: file, line, column, key path, hint). The
//!    build and `check` run stages 1 and 2 one plan folder at a time
//!    ([`validate::validate_sources`]), so a plan's raw parse is let go as
//!    soon as it is checked.
//! 3. [`derive`]: decide the site: every page (kind, language, URL) and the
//!    indexes pages need (children of a region, projects of a program…),
//!    computed once, never per page ([`derive::SiteMap`]).
//! 4. [`render`]: build a small view per page from the model and render it
//!    with Tera in parallel (rayon); no IO. Output: [`render::Rendered`], a
//!    list of files in memory; the files that are not pages go to a
//!    [`render::Output`], which the build streams to disk.
//!    [`search`] indexes the rendered pages (its own static index) in the same run.
//! 5. [`write`]: write the files into a temporary sibling of the output
//!    folder and swap it in, so a failed build leaves the old site untouched.
//!
//! Every build also writes `manifest.sha256` (the SHA-256 of every file,
//! [`write::manifest`]); [`verify`] checks a deployed copy against it.
//!
//! [`build`] runs the stages in order, reporting long builds through
//! [`progress`]; `check` stops after `validate`. The stages take in-memory
//! inputs, so the live preview ([`serve`]) re-runs them on sources it keeps
//! in memory: it re-reads only changed files, parses and checks again only
//! the plan folders they belong to ([`validate::Checks`]), derives the new
//! site map keeping what each unedited plan gave ([`derive::SiteMap::after`]),
//! serves each page rendered on request from the new model, and then
//! re-renders in the background only the pages whose view changed
//! ([`render::incremental`]). What only some pages or the report need (the
//! comparisons, the merged warnings) is computed on first use, after the
//! edit is served.

pub mod allocator;
pub mod derive;
pub mod diagnostics;
pub mod error;
pub mod import;
pub mod load;
pub mod model;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod theme;
pub mod validate;
pub mod verify;
pub mod write;

mod build;
pub use build::{
    build, build_with_progress, check, check_all, compile, coverage, validate_sources, BuildOptions, BuildSummary,
    CheckReport, Coverage, FullCheck,
};

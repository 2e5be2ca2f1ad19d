//! The `gongkai` command line: a thin layer over the library's pipeline.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;
use std::path::Path;

use clap::{Parser, Subcommand};
use gongkai::build_with_progress;
use gongkai::diagnostics::{self, Severity};
use gongkai::error::{Diagnostic, Error};
use gongkai::model::Lang;
use gongkai::progress::Console;
use gongkai::{check_all, BuildOptions};
use rayon::prelude::*;

mod serve_cli;

/// mimalloc rather than the system allocator: a build allocates and frees
/// millions of small strings from several threads, which the system
/// allocator served at about a seventh of a large build's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Publish local governments' livelihood-project plans as a bilingual static site.
#[derive(Parser)]
#[command(name = "gongkai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The site folder (holding content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print only errors: no progress, summary or warnings (`serve` still
    /// prints the address it serves at).
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// Output folder, replaced atomically: only if it is new, empty or
        /// written by an earlier build (never content/, the site folder or home).
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Also replace a non-empty output folder that gongkai did not write.
        #[arg(long)]
        force: bool,
        /// Base URL to publish under, overriding site.yaml (may contain a path).
        #[arg(long)]
        base_url: Option<String>,
        /// Skip the search index (faster while editing; search then finds nothing).
        #[arg(long)]
        no_search: bool,
    },
    /// Validate the content and report translation coverage; writes nothing.
    ///
    /// Exit codes: 0 no errors (warnings allowed unless --strict), 1 content
    /// errors (or warnings with --strict), 2 a wrong command line, 3 a file
    /// or folder that cannot be read or written.
    Check {
        /// Fail on warnings too (missing English, a figure not in its quote…).
        #[arg(long)]
        strict: bool,
        /// `human` (default) or `json` (for CI bots).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Language of the messages: zh or en (default: from LANG / LC_ALL).
        #[arg(long, value_enum)]
        lang: Option<MsgLang>,
    },
    /// Write the JSON Schema of every content file type, for editors.
    Schema {
        /// Folder to write to (default: schemas/ in the site folder, which
        /// the content files' `yaml-language-server` comments point at).
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Create something new from a commented template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Draft a plan.yaml or a progress file from a document's text, for review.
    Import {
        #[command(subcommand)]
        what: gongkai::import::ImportCommand,
    },
    /// Check a copy of the site against its manifest: names every altered,
    /// missing or extra file; exits non-zero (1) on any difference.
    Verify {
        /// The folder to check (a deployed copy or a mirror of the site).
        dir: PathBuf,
        /// An approved manifest kept elsewhere, instead of DIR/manifest.sha256.
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Preview the site: build it into memory, serve it on 127.0.0.1, rebuild
    /// what changed when a source file changes, and reload open pages.
    Serve {
        /// Also write each build to this folder (same rules as build; never
        /// public/ unless named here). Without it nothing is written.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also replace a non-empty --output folder that gongkai did not write.
        #[arg(long)]
        force: bool,
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Listen on this address instead of 127.0.0.1, e.g. 0.0.0.0 to let
        /// other machines on the network see the preview (with a warning).
        #[arg(long, value_name = "ADDR")]
        bind: Option<IpAddr>,
        /// Serve under this path, as a government site often is (e.g. /minsheng/).
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Do not reload open pages after a rebuild (and add no script to pages).
        #[arg(long)]
        no_reload: bool,
        /// After each rebuild, print where the time went (validate, views, render…).
        #[arg(long)]
        timings: bool,
        /// Skip the search index (faster while editing; search then finds nothing).
        #[arg(long)]
        no_search: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A plan folder: content/plans/<region>/<year>/ with every field of
    /// plan.yaml present and explained, and an empty source.zh.txt.
    Plan {
        /// Region id from content/regions.yaml.
        #[arg(long)]
        region: String,
        /// The plan's year.
        #[arg(long)]
        year: i32,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MsgLang {
    Zh,
    En,
}

impl MsgLang {
    /// Chinese when the system locale is Chinese, else English.
    pub(crate) fn from_env() -> MsgLang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("zh") {
            MsgLang::Zh
        } else {
            MsgLang::En
        }
    }
    pub(crate) fn lang(self) -> Lang {
        match self {
            MsgLang::Zh => Lang::Zh,
            MsgLang::En => Lang::En,
        }
    }
}

/// Exit codes, documented in `gongkai check --help` and the README.
const EXIT_CONTENT: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_IO: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    gongkai::allocator::tune(match cli.command {
        Command::Serve { .. } => gongkai::allocator::Run::Long,
        _ => gongkai::allocator::Run::Once,
    });
    let root = cli.root.clone();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let lang = MsgLang::from_env().lang();
            eprintln!("{}", render_error(&root, &e, lang));
            ExitCode::from(match e {
                Error::Content(_) => EXIT_CONTENT,
                Error::Usage(_) => EXIT_USAGE,
                Error::Io { .. } | Error::Template { .. } | Error::Search(_) => EXIT_IO,
            })
        }
    }
}

pub(crate) fn render_error(root: &Path, e: &Error, lang: Lang) -> String {
    match e {
        Error::Content(list) => {
            let mut out = render_all(root, list, Severity::Error, lang);
            out.push_str(&count_line(list.len(), 0, lang));
            out
        }
        _ => format!("error: {e}"),
    }
}

fn render_all(root: &Path, list: &[Diagnostic], severity: Severity, lang: Lang) -> String {
    let color = std::io::stderr().is_terminal();
    let sources = diagnostics::Sources::read(root, list);
    list.par_iter()
        .map(|d| format!("{}\n", diagnostics::render(d, severity, lang, sources.line(d), color)))
        .collect()
}

fn count_line(errors: usize, warnings: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("发现 {errors} 个错误、{warnings} 个警告"),
        Lang::En => format!(
            "{errors} content error{} found, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
    }
}

pub(crate) fn print_warnings(root: &Path, warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        eprint!(
            "{}",
            render_all(root, warnings, Severity::Warning, MsgLang::from_env().lang())
        );
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            output,
            force,
            base_url,
            no_search,
        } => {
            let opts = BuildOptions {
                root: cli.root.clone(),
                output,
                base_url,
                force,
                search: !no_search,
            };
            let summary = build_with_progress(&opts, &Console::new(quiet))?;
            if !quiet {
                print_warnings(&cli.root, &summary.warnings);
                println!("{summary}");
            }
        }
        Command::Serve {
            output,
            force,
            port,
            bind,
            base_path,
            no_search,
            no_reload,
            timings,
        } => {
            let mut opts = gongkai::serve::ServeOptions::new(cli.root);
            opts.output = output;
            opts.force = force;
            opts.port = port;
            opts.base_path = base_path;
            opts.reload = !no_reload;
            opts.search = !no_search;
            if let Some(addr) = bind {
                serve_cli::warn_bind(addr);
                opts.bind = addr;
            }
            serve_cli::run(&opts, quiet, timings)?;
        }
        Command::Verify { dir, manifest } => {
            let report = gongkai::verify::verify(&dir, manifest.as_deref())?;
            println!("{report}");
            if !report.is_ok() {
                return Ok(EXIT_CONTENT);
            }
        }
        Command::Schema { output } => {
            let dir = output.unwrap_or_else(|| cli.root.join("schemas"));
            let n = gongkai::schema::write_schemas(&dir)?;
            println!("Wrote {n} JSON Schemas to {}", dir.display());
        }
        Command::New {
            what: NewCommand::Plan { region, year },
        } => {
            let dir = gongkai::scaffold::new_plan(&cli.root, &region, year)?;
            println!(
                "Created {}: fill in plan.yaml and paste the document into source.zh.txt, then run `gongkai check`",
                dir.display()
            );
        }
        Command::Import { what } => println!("{}", gongkai::import::run(&cli.root, what)?),
        Command::Check { strict, format, lang } => {
            let lang = lang.unwrap_or_else(MsgLang::from_env).lang();
            return run_check(&cli.root, strict, format, lang);
        }
    }
    Ok(0)
}

/// `gongkai check`: every error and warning, coverage, and the exit code.
fn run_check(root: &Path, strict: bool, format: Format, lang: Lang) -> Result<u8, Error> {
    let full = check_all(root)?;
    let r = &full.report;
    let failed = !full.errors.is_empty() || (strict && !r.warnings.is_empty());
    if format == Format::Json {
        let summary = serde_json::json!({
            "ok": !failed,
            "strict": strict,
            "plans": r.plans,
            "projects": r.projects,
            "coverage": r.coverage.iter().map(|c| serde_json::json!({
                "plan": c.plan, "translated": c.translated, "total": c.total, "percent": c.percent(),
            })).collect::<Vec<_>>(),
        });
        println!("{}", diagnostics::json_report(&full.errors, &r.warnings, lang, summary));
        return Ok(if failed { EXIT_CONTENT } else { 0 });
    }
    eprint!("{}", render_all(root, &full.errors, Severity::Error, lang));
    eprint!("{}", render_all(root, &r.warnings, Severity::Warning, lang));
    if !full.errors.is_empty() {
        eprintln!("{}", count_line(full.errors.len(), r.warnings.len(), lang));
        return Ok(EXIT_CONTENT);
    }
    let (title, unit) = match lang {
        Lang::Zh => ("英文翻译覆盖率：", "条文本"),
        Lang::En => ("Translation coverage (English):", "texts"),
    };
    println!("{title}");
    for c in &r.coverage {
        println!(
            "  {:<20} {:>5.1}%  ({}/{} {unit})",
            c.plan,
            c.percent(),
            c.translated,
            c.total
        );
    }
    let verdict = if failed {
        "FAILED (--strict: warnings count as errors)"
    } else {
        "OK"
    };
    println!(
        "{verdict}: {} plans, {} projects, {} warnings",
        r.plans,
        r.projects,
        r.warnings.len()
    );
    Ok(if failed { EXIT_CONTENT } else { 0 })
}

#[cfg(test)]
mod tests {

    use gongkai::allocator::{tune, Run, MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS, PURGE_DELAY_ONCE};

    /// Index 15 is the purge delay: it starts at that option's documented
    /// default (1,000 ms in mimalloc v3), and `allocator::tune` sets the
    /// delay chosen for each kind of run, whatever was set before.
    #[test]
    fn the_purge_delay_is_the_option_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads one of mimalloc's options by its index.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(get(), 1000);
        // SAFETY: as above, setting it.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 7) };
        tune(Run::Once);
        assert_eq!(get(), PURGE_DELAY_ONCE);
        tune(Run::Long);
        assert_eq!(get(), PURGE_DELAY_MS);
    }
}

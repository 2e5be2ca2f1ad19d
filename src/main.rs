//! The `gongkai` command line: a thin layer over the library's pipeline.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gongkai::progress::Console;
use gongkai::{build_with_progress, check, BuildOptions};

mod serve_cli;

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
    },
    /// Validate the content and report translation coverage; writes nothing.
    Check,
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", render_error(&e));
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn render_error(e: &gongkai::error::Error) -> String {
    match e {
        gongkai::error::Error::Content(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

pub(crate) fn print_warnings(warnings: &[gongkai::error::Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn run(cli: Cli) -> Result<(), gongkai::error::Error> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Build {
            output,
            force,
            base_url,
        } => {
            let opts = BuildOptions {
                root: cli.root,
                output,
                base_url,
                force,
            };
            let summary = build_with_progress(&opts, &Console::new(quiet))?;
            if !quiet {
                print_warnings(&summary.warnings);
                println!("{summary}");
            }
        }
        Command::Serve {
            output,
            force,
            port,
            bind,
            base_path,
            no_reload,
            timings,
        } => {
            let mut opts = gongkai::serve::ServeOptions::new(cli.root);
            opts.output = output;
            opts.force = force;
            opts.port = port;
            opts.base_path = base_path;
            opts.reload = !no_reload;
            if let Some(addr) = bind {
                serve_cli::warn_bind(addr);
                opts.bind = addr;
            }
            serve_cli::run(&opts, quiet, timings)?;
        }
        Command::Check => {
            let report = check(&cli.root)?;
            if quiet {
                return Ok(());
            }
            print_warnings(&report.warnings);
            println!("Translation coverage (English):");
            for c in &report.coverage {
                println!(
                    "  {:<20} {:>5.1}%  ({}/{} texts)",
                    c.plan,
                    c.percent(),
                    c.translated,
                    c.total
                );
            }
            println!(
                "OK: {} plans, {} projects, {} warnings",
                report.plans,
                report.projects,
                report.warnings.len()
            );
        }
    }
    Ok(())
}

//! The `gongkai` command line: a thin layer over the library's pipeline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gongkai::{build, check, BuildOptions};

/// Publish local governments' livelihood-project plans as a bilingual static site.
#[derive(Parser)]
#[command(name = "gongkai", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The site folder (holding content/).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
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
    Check,
    /// Build the site for a local address and serve it on 127.0.0.1.
    Serve {
        /// Write the preview here instead of a temporary folder (same rules as build).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Also replace a non-empty --output folder that gongkai did not write.
        #[arg(long)]
        force: bool,
        /// Port to listen on, on 127.0.0.1 only.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Serve under this path, as a government site often is (e.g. /minsheng/).
        #[arg(long, default_value = "/")]
        base_path: String,
        /// Skip the search index (faster while editing; search then finds nothing).
        #[arg(long)]
        no_search: bool,
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

fn render_error(e: &gongkai::error::Error) -> String {
    match e {
        gongkai::error::Error::Content(_) => e.to_string(),
        _ => format!("error: {e}"),
    }
}

fn print_warnings(warnings: &[gongkai::error::Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn run(cli: Cli) -> Result<(), gongkai::error::Error> {
    match cli.command {
        Command::Build {
            output,
            force,
            base_url,
            no_search,
        } => {
            let summary = build(&BuildOptions {
                root: cli.root,
                output,
                base_url,
                force,
                search: !no_search,
            })?;
            print_warnings(&summary.warnings);
            println!("{summary}");
        }
        Command::Serve {
            output,
            force,
            port,
            base_path,
            no_search,
        } => {
            let opts = gongkai::serve::ServeOptions {
                root: cli.root,
                output,
                force,
                port,
                base_path,
                search: !no_search,
            };
            gongkai::serve::serve(&opts, |summary, url| {
                print_warnings(&summary.warnings);
                println!("{summary}");
                println!("Serving the site at {url} (Ctrl-C to stop)");
            })?;
        }
        Command::Check => {
            let report = check(&cli.root)?;
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

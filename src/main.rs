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
        /// Output folder; replaced atomically.
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Base URL to publish under, overriding site.yaml (may contain a path).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Validate the content and report translation coverage; writes nothing.
    Check,
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
        Command::Build { output, base_url } => {
            let summary = build(&BuildOptions { root: cli.root, output, base_url })?;
            print_warnings(&summary.warnings);
            println!("{summary}");
        }
        Command::Check => {
            let report = check(&cli.root)?;
            print_warnings(&report.warnings);
            println!("Translation coverage (English):");
            for c in &report.coverage {
                println!("  {:<20} {:>5.1}%  ({}/{} texts)", c.plan, c.percent(), c.translated, c.total);
            }
            println!("OK: {} plans, {} projects, {} warnings", report.plans, report.projects, report.warnings.len());
        }
    }
    Ok(())
}

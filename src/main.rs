//! The command line: parse the arguments, run one command, print its error once, exit
//! with its code (0 success, 1 content errors, 2 bad usage: `Error::code`;
//! docs/contract.md). The commands themselves are in `cli/`.

use clap::Parser;
use praxis::cli::{self, Args, Start, args};
use std::process::ExitCode;

fn main() -> ExitCode {
    let (lang, done) = match Args::try_parse() {
        Ok(args) => {
            let start = Start::of(&args.command);
            (start.lang, cli::run(args.command, start))
        }
        // A mistake in the command line, said in the guide's language.
        Err(e) => match args::usage_error(&e) {
            Some(said) => (args::language_of_arguments(), Err(said)),
            // --help, --version, or a command without what it needs: clap's own text.
            None => {
                let _ = e.print();
                return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
            }
        },
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.render(lang));
            ExitCode::from(e.code())
        }
    }
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
